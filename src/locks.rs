//! Lockfiles: every project installs exactly the dependency versions this repo tests.
//!
//! `make locks` (scripts/locks.sh) resolves the dependencies of a reference project named
//! [`REFERENCE_APP`] for real and records the results in `locks/`. This module fits them to
//! the project being generated: `backend/uv.lock` gets the app's name and the extras its
//! `pyproject.toml` chose, `frontend/package-lock.json` the variant of its auth provider and
//! its name, and every Terraform part the provider lock. Everything else is byte for byte
//! what the resolvers wrote, so `uv sync --locked`, `npm ci` and
//! `terraform init -lockfile=readonly` accept them; CI proves it on generated projects.

use std::io::Read;
use std::sync::OnceLock;

use crate::config::{AuthProvider, Config};
use crate::error::Error;
use crate::render::GeneratedFile;

/// The app name `make locks` generates its reference projects with.
pub const REFERENCE_APP: &str = "lockfile-app";

static UV_LOCK: Embedded =
    Embedded::new(include_bytes!(concat!(env!("OUT_DIR"), "/uv.lock.deflate")));
static NPM_CLERK: Embedded =
    Embedded::new(include_bytes!(concat!(env!("OUT_DIR"), "/package-lock.clerk.json.deflate")));
static NPM_COGNITO: Embedded =
    Embedded::new(include_bytes!(concat!(env!("OUT_DIR"), "/package-lock.cognito.json.deflate")));
static TERRAFORM: Embedded =
    Embedded::new(include_bytes!(concat!(env!("OUT_DIR"), "/terraform.lock.hcl.deflate")));

/// A lockfile as build.rs embedded it (deflated), inflated on first use and kept: the web
/// page asks for a plan on every change of the form.
struct Embedded {
    deflated: &'static [u8],
    text: OnceLock<String>,
}

impl Embedded {
    const fn new(deflated: &'static [u8]) -> Embedded {
        Embedded { deflated, text: OnceLock::new() }
    }

    fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let mut text = String::new();
            flate2::read::DeflateDecoder::new(self.deflated)
                .read_to_string(&mut text)
                .expect("build.rs deflated UTF-8 text");
            text
        })
    }
}

/// The framework the backend's root project depends on, with extras chosen by the options.
const FRAMEWORK: &str = "aws-agent-framework";

/// The lockfiles for the rendered `files`: one next to each manifest they lock.
pub(crate) fn lockfiles(
    config: &Config,
    files: &[GeneratedFile],
) -> Result<Vec<GeneratedFile>, Error> {
    let mut locks = Vec::new();
    for file in files {
        let lock = match file.path.as_str() {
            "backend/pyproject.toml" => {
                let pyproject = std::str::from_utf8(&file.contents).expect("rendered text");
                ("backend/uv.lock".to_string(), uv_lock(&config.app_name, pyproject)?)
            }
            "frontend/package.json" => {
                let data = match config.auth_provider {
                    AuthProvider::Clerk => &NPM_CLERK,
                    AuthProvider::Cognito => &NPM_COGNITO,
                };
                let text = data.text().replace(
                    &format!("\"name\": \"{REFERENCE_APP}-frontend\""),
                    &format!("\"name\": \"{}-frontend\"", config.app_name),
                );
                ("frontend/package-lock.json".to_string(), text)
            }
            path if is_terraform_part(path) => {
                let folder = path.strip_suffix("/main.tf").expect("checked");
                (format!("{folder}/.terraform.lock.hcl"), TERRAFORM.text().to_string())
            }
            _ => continue,
        };
        locks.push(GeneratedFile {
            path: lock.0,
            contents: lock.1.into_bytes(),
            executable: false,
        });
    }
    Ok(locks)
}

/// `terraform/<n>_<part>/main.tf`: a part Terraform is run in (modules are not).
fn is_terraform_part(path: &str) -> bool {
    let mut segments = path.split('/');
    matches!(
        (segments.next(), segments.next(), segments.next(), segments.next()),
        (Some("terraform"), Some(part), Some("main.tf"), None)
            if part.starts_with(|c: char| c.is_ascii_digit())
    )
}

/// The reference `uv.lock` with the root project renamed to `<app>-backend` (and placed
/// where uv sorts it) and its framework extras those `pyproject` lists.
fn uv_lock(app_name: &str, pyproject: &str) -> Result<String, Error> {
    let extras = framework_extras(pyproject).ok_or_else(|| Error::Template {
        template: "backend/pyproject.toml".into(),
        message: format!("no \"{FRAMEWORK}[...]\" dependency to lock"),
    })?;
    let reference = format!("{REFERENCE_APP}-backend");
    let root = format!("{app_name}-backend");
    let text = UV_LOCK.text();
    let mut blocks: Vec<String> = text.split("\n[[package]]\n").map(str::to_string).collect();
    let header = blocks.remove(0);
    let at = blocks
        .iter()
        .position(|b| package_name(b) == reference)
        .expect("locks/uv.lock has the reference root project");
    let block = blocks.remove(at);
    let mut sorted = extras.clone();
    sorted.sort();
    // The runtime dependencies come before the dev group, whose framework line has the
    // dev extras (the same for every app); requires-dist is one line of the metadata.
    let (runtime, rest) = block.split_once("\n[package.dev-dependencies]").expect("a dev group");
    let runtime =
        runtime.replacen(&format!("name = \"{reference}\""), &format!("name = \"{root}\""), 1);
    let runtime =
        with_list(&runtime, &format!("    {{ name = \"{FRAMEWORK}\", extra = ["), &sorted);
    let rest = with_list(
        rest,
        &format!("requires-dist = [{{ name = \"{FRAMEWORK}\", extras = ["),
        &extras,
    );
    let block = format!("{runtime}\n[package.dev-dependencies]{rest}");
    let at = blocks.iter().position(|b| package_name(b) > root.as_str()).unwrap_or(blocks.len());
    blocks.insert(at, block);
    let header = sort_members(&header, &reference, &root);
    Ok(std::iter::once(header).chain(blocks).collect::<Vec<_>>().join("\n[[package]]\n"))
}

fn package_name(block: &str) -> &str {
    block.strip_prefix("name = \"").and_then(|rest| rest.split('"').next()).unwrap_or_default()
}

/// `text` with the list that ends each line starting with `prefix` (up to its `]`)
/// replaced by `items`, quoted as uv writes them.
fn with_list(text: &str, prefix: &str, items: &[String]) -> String {
    let list = items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ");
    text.split('\n')
        .map(|line| match line.strip_prefix(prefix).and_then(|rest| rest.split_once(']')) {
            Some((_, after)) => format!("{prefix}{list}]{after}"),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The extras of the `aws-agent-framework[...]` requirement in `[project] dependencies`,
/// in the order written.
fn framework_extras(pyproject: &str) -> Option<Vec<String>> {
    let start = pyproject.find(&format!("\"{FRAMEWORK}["))? + FRAMEWORK.len() + 2;
    let end = start + pyproject[start..].find(']')?;
    Some(pyproject[start..end].split(',').map(|e| e.trim().to_string()).collect())
}

/// The `[manifest] members` list names the root project too, sorted.
fn sort_members(header: &str, reference: &str, root: &str) -> String {
    let mut members = vec![FRAMEWORK.to_string(), root.to_string()];
    members.sort();
    let list = |m: &[String]| m.iter().map(|m| format!("    \"{m}\",\n")).collect::<String>();
    let mut old = vec![FRAMEWORK.to_string(), reference.to_string()];
    old.sort();
    header.replacen(&list(&old), &list(&members), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> Config {
        Config::from_json(json).unwrap()
    }

    #[test]
    fn the_reference_app_gets_the_lock_make_locks_recorded_byte_for_byte() {
        let files =
            crate::files(&config(&format!(r#"{{"app_name": "{REFERENCE_APP}"}}"#))).unwrap();
        let uv = files.iter().find(|f| f.path == "backend/uv.lock").unwrap();
        assert_eq!(uv.contents, UV_LOCK.text().as_bytes());
        let npm = files.iter().find(|f| f.path == "frontend/package-lock.json").unwrap();
        assert_eq!(npm.contents, NPM_CLERK.text().as_bytes());
    }

    #[test]
    fn the_root_project_is_renamed_and_sorted_where_uv_puts_it() {
        for app in ["aardvark", "zebra-desk", "loan-desk"] {
            let files = crate::files(&config(&format!(r#"{{"app_name": "{app}"}}"#))).unwrap();
            let uv = String::from_utf8(
                files.iter().find(|f| f.path == "backend/uv.lock").unwrap().contents.clone(),
            )
            .unwrap();
            assert!(!uv.contains(REFERENCE_APP), "{app}");
            let names: Vec<&str> = uv.split("\n[[package]]\n").skip(1).map(package_name).collect();
            let mut sorted = names.clone();
            sorted.sort();
            assert_eq!(names, sorted, "{app}");
            assert!(names.contains(&format!("{app}-backend").as_str()));
            let members = uv.split("members = [\n").nth(1).unwrap().split(']').next().unwrap();
            let mut expected =
                [format!("    \"{app}-backend\",\n"), format!("    \"{FRAMEWORK}\",\n")];
            expected.sort();
            assert_eq!(members, expected.concat());
        }
    }

    #[test]
    fn the_root_lists_the_extras_its_pyproject_chose() {
        let files = crate::files(&config(
            r#"{"app_name": "searcher", "vectors": "opensearch", "observability": false}"#,
        ))
        .unwrap();
        let uv = String::from_utf8(
            files.iter().find(|f| f.path == "backend/uv.lock").unwrap().contents.clone(),
        )
        .unwrap();
        assert!(uv.contains(
            "dependencies = [\n    { name = \"aws-agent-framework\", extra = [\"api\", \"local\", \"opensearch\"] },\n]"
        ));
        assert!(uv.contains(
            "requires-dist = [{ name = \"aws-agent-framework\", extras = [\"local\", \"api\", \"opensearch\"], editable = \"framework\" }]"
        ));
        // The dev group is the same for every app.
        assert!(uv.contains("extra = [\"langfuse\", \"rehearsal\", \"testing\"]"));
    }

    #[test]
    fn cognito_apps_get_the_cognito_lock_under_their_own_name() {
        let files =
            crate::files(&config(r#"{"app_name": "desk", "auth_provider": "cognito"}"#)).unwrap();
        let npm = String::from_utf8(
            files.iter().find(|f| f.path == "frontend/package-lock.json").unwrap().contents.clone(),
        )
        .unwrap();
        assert_eq!(npm.matches("\"name\": \"desk-frontend\"").count(), 2);
        assert!(npm.contains("\"node_modules/react-oidc-context\""));
        assert!(!npm.contains("@clerk/nextjs"));
    }

    #[test]
    fn every_terraform_part_and_no_module_has_the_provider_lock() {
        let files = crate::files(&config(r#"{"app_name": "desk"}"#)).unwrap();
        let parts: Vec<&str> = files
            .iter()
            .filter_map(|f| f.path.strip_suffix("/main.tf"))
            .filter(|p| p.starts_with("terraform/") && !p.starts_with("terraform/modules/"))
            .collect();
        assert!(parts.len() >= 5);
        for part in parts {
            let lock = files.iter().find(|f| f.path == format!("{part}/.terraform.lock.hcl"));
            let lock = String::from_utf8(lock.unwrap_or_else(|| panic!("{part}")).contents.clone());
            assert!(lock.unwrap().contains("registry.terraform.io/hashicorp/aws"));
        }
        assert!(
            !files
                .iter()
                .any(|f| f.path.starts_with("terraform/modules/") && f.path.ends_with(".hcl"))
        );
    }
}
