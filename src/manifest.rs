//! The manifest: which template files a configuration generates, where they land, and how.
//!
//! `templates/` mirrors the generated tree path for path. A file is generated unless a rule
//! below says otherwise; rules are the one place where options map to files (no `if`s
//! around whole files inside templates). A path segment `__agent__` is replaced by each
//! agent's name, once per agent; a segment `__service__` by the async service's name.

use include_dir::{Dir, File, include_dir};

use crate::config::Config;

/// Every template, embedded in the binary at build time.
pub(crate) static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The path segment that expands once per agent.
pub const AGENT_PLACEHOLDER: &str = "__agent__";

/// The path segment replaced by the async service's name (its files need a rule that
/// generates them only when `async_service != 'none'`).
pub const SERVICE_PLACEHOLDER: &str = "__service__";

/// The file at the project root that records the generator version and the answers.
pub const ANSWERS_FILE: &str = ".create-agent-app.json";

/// How the template files under `path` are generated.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// A file path, or a folder ending in `/` covering everything below it.
    pub path: &'static str,
    /// A minijinja expression over the config; the files exist only where it is true.
    pub when: Option<&'static str>,
    /// Copy the bytes as they are, without rendering (binary files, or text whose own
    /// syntax is `{{ }}`).
    pub verbatim: bool,
    /// Mark the files executable in the archive and on disk.
    pub executable: bool,
    /// Never emitted: pieces other templates `{% include %}` or `{% import %}`.
    pub partial: bool,
}

impl Rule {
    const fn path(path: &'static str) -> Rule {
        Rule { path, when: None, verbatim: false, executable: false, partial: false }
    }
    const fn when(self, expression: &'static str) -> Rule {
        Rule { when: Some(expression), ..self }
    }
    const fn executable(self) -> Rule {
        Rule { executable: true, ..self }
    }
    const fn verbatim(self) -> Rule {
        Rule { verbatim: true, ..self }
    }
    const fn partial(self) -> Rule {
        Rule { partial: true, ..self }
    }
    fn covers(&self, template: &str) -> bool {
        match self.path.strip_suffix('/') {
            Some(folder) => {
                template.starts_with(folder) && template[folder.len()..].starts_with('/')
            }
            None => template == self.path,
        }
    }
}

/// The rules, in one list. Options add files here and nowhere else.
pub const RULES: &[Rule] = &[
    // Shared pieces of several files (the Terraform provider block, common variables).
    Rule::path("_partials/").partial(),
    // GitHub expressions are `${{ }}`: copy the workflows as they are.
    Rule::path(".github/workflows/").verbatim(),
    // The framework is the same for every app: copied as it is (its f-strings use braces).
    Rule::path("backend/framework/").verbatim(),
    Rule::path("scripts/deploy.py").executable(),
    Rule::path("scripts/destroy.py").executable(),
    Rule::path("scripts/deploy_frontend.py").executable(),
    Rule::path("scripts/todos.sh").executable(),
    // Optional parts of the infrastructure, and their guides.
    Rule::path("guides/2_embeddings.md").when("vectors != 'none'"),
    Rule::path("guides/3_vectors.md").when("vectors != 'none'"),
    Rule::path("guides/4_async_service.md").when("async_service != 'none'"),
    Rule::path("terraform/2_embeddings/").when("vectors != 'none' and embeddings == 'sagemaker'"),
    Rule::path("terraform/3_vectors/").when("vectors != 'none'"),
    Rule::path("backend/ingest/").when("vectors != 'none'"),
    Rule::path("terraform/4_async_service/").when("async_service != 'none'"),
    Rule::path("backend/__service__/").when("async_service != 'none'"),
];

/// One file the configuration generates, before rendering.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    /// Path in the project, relative to its root, with `/` separators.
    pub path: String,
    /// The template it comes from.
    pub template: &'static File<'static>,
    /// Index of the agent a per-agent file belongs to.
    pub agent: Option<usize>,
    pub verbatim: bool,
    pub executable: bool,
}

impl Planned {
    pub fn template_path(&self) -> &'static str {
        self.template.path().to_str().expect("template paths are UTF-8")
    }
}

/// The files `config` generates (without the answers file), sorted by path.
pub(crate) fn layout(
    config: &Config,
    env: &minijinja::Environment,
) -> Result<Vec<Planned>, crate::Error> {
    layout_with(RULES, config, env)
}

fn layout_with(
    rules: &[Rule],
    config: &Config,
    env: &minijinja::Environment,
) -> Result<Vec<Planned>, crate::Error> {
    let context =
        minijinja::Value::from(minijinja::value::Serde(crate::config::template_context(config)));
    let mut planned = Vec::new();
    for template in all_templates() {
        let template_path = template.path().to_str().expect("template paths are UTF-8");
        let rules: Vec<&Rule> = rules.iter().filter(|r| r.covers(template_path)).collect();
        if !is_generated(&rules, env, &context).map_err(|e| template_error(template_path, e))? {
            continue;
        }
        let verbatim = rules.iter().any(|r| r.verbatim);
        let executable = rules.iter().any(|r| r.executable);
        let per_agent = template_path.split('/').any(|segment| segment == AGENT_PLACEHOLDER);
        if per_agent {
            for (index, agent) in config.agents.iter().enumerate() {
                let path = replace_segment(template_path, AGENT_PLACEHOLDER, &agent.name);
                planned.push(Planned { path, template, agent: Some(index), verbatim, executable });
            }
        } else {
            let path = replace_segment(template_path, SERVICE_PLACEHOLDER, &config.async_service);
            planned.push(Planned { path, template, agent: None, verbatim, executable });
        }
    }
    planned.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(planned)
}

/// `path` with every segment equal to `placeholder` replaced by `name`.
fn replace_segment(path: &str, placeholder: &str, name: &str) -> String {
    path.split('/').map(|s| if s == placeholder { name } else { s }).collect::<Vec<_>>().join("/")
}

/// Whether a template covered by `rules` is emitted: not a partial, and every `when` holds.
fn is_generated(
    rules: &[&Rule],
    env: &minijinja::Environment,
    context: &minijinja::Value,
) -> Result<bool, minijinja::Error> {
    if rules.iter().any(|r| r.partial) {
        return Ok(false);
    }
    for expression in rules.iter().filter_map(|r| r.when) {
        if !env.compile_expression(expression)?.eval(context)?.is_true() {
            return Ok(false);
        }
    }
    Ok(true)
}

fn template_error(template: &str, error: minijinja::Error) -> crate::Error {
    crate::Error::Template { template: template.to_string(), message: error.to_string() }
}

/// Every embedded template file, depth first.
pub(crate) fn all_templates() -> Vec<&'static File<'static>> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<&'static File<'static>>) {
        out.extend(dir.files());
        for sub in dir.dirs() {
            // Tool caches a developer's ruff or pytest run may leave beside a template.
            let name = sub.path().file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !matches!(name, ".ruff_cache" | "__pycache__" | ".pytest_cache") {
                walk(sub, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&TEMPLATES, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::environment;

    fn paths(rules: &[Rule], config: &Config) -> Vec<String> {
        layout_with(rules, config, &environment()).unwrap().into_iter().map(|p| p.path).collect()
    }

    #[test]
    fn every_rule_covers_a_template() {
        let templates: Vec<&str> =
            all_templates().iter().map(|t| t.path().to_str().unwrap()).collect();
        for rule in RULES {
            assert!(
                templates.iter().any(|t| rule.covers(t)),
                "rule {:?} matches no file in templates/",
                rule.path
            );
        }
    }

    #[test]
    fn a_when_rule_includes_files_only_where_its_expression_holds() {
        let rules = [Rule::path("backend/database/").when("vectors != 'none'")];
        let mut config = Config::default();
        assert!(!paths(&rules, &config).iter().any(|p| p.starts_with("backend/database/")));
        config.vectors = crate::config::Vectors::S3Vectors;
        assert!(paths(&rules, &config).iter().any(|p| p.starts_with("backend/database/")));
    }

    #[test]
    fn a_folder_rule_does_not_cover_a_sibling_with_the_same_prefix() {
        let rule = Rule::path("scripts/");
        assert!(rule.covers("scripts/todos.sh"));
        assert!(!rule.covers("scripts_old/x.sh"));
        assert!(!rule.covers("scripts"));
    }

    #[test]
    fn a_broken_when_expression_is_a_template_error_naming_the_file() {
        let rules = [Rule::path("Makefile").when("vectors ==")];
        let err = layout_with(&rules, &Config::default(), &environment()).unwrap_err();
        assert!(
            matches!(err, crate::Error::Template { ref template, .. } if template == "Makefile")
        );
    }

    #[test]
    fn per_agent_templates_expand_once_per_agent_in_agent_order() {
        let config = Config::from_json(r#"{"agents": "lead, b_worker, a_worker"}"#).unwrap();
        let planned = layout(&config, &environment()).unwrap();
        let agent_files: Vec<&Planned> =
            planned.iter().filter(|p| p.path.ends_with("/templates.py")).collect();
        let names: Vec<&str> =
            agent_files.iter().map(|p| p.path.split('/').nth(1).unwrap()).collect();
        assert_eq!(names, ["a_worker", "b_worker", "lead"]); // sorted by path
        for p in agent_files {
            let agent = &config.agents[p.agent.unwrap()];
            assert_eq!(p.path, format!("backend/{}/templates.py", agent.name));
        }
    }

    #[test]
    fn service_templates_land_in_the_service_folder_only_when_there_is_a_service() {
        let service_files = |config: &Config| -> Vec<String> {
            layout(config, &environment())
                .unwrap()
                .into_iter()
                .filter(|p| p.template_path().starts_with("backend/__service__/"))
                .map(|p| p.path)
                .collect()
        };
        let config = Config::from_json(r#"{"async_service": "news_feed"}"#).unwrap();
        let files = service_files(&config);
        assert!(files.contains(&"backend/news_feed/lambda_handler.py".to_string()));
        assert!(files.iter().all(|p| p.starts_with("backend/news_feed/")), "{files:?}");
        assert_eq!(service_files(&Config::default()), Vec::<String>::new());
        let all = paths(RULES, &Config::default());
        assert!(
            !all.iter().any(|p| p.contains(SERVICE_PLACEHOLDER) || p.starts_with("backend/none"))
        );
    }
}
