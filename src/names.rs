//! Which snake_case names an agent or the async service may not take because the
//! generated project already uses them: a module the backend imports, a git-ignored
//! path, a Windows device name.
//!
//! Each agent is a top-level package of the backend (`backend/<name>/`) and a folder every
//! clone must contain. Its results are rows of the `job_results` table keyed by its name
//! (a value, not a column), so no name collides with the database schema.

use crate::manifest::TEMPLATES;

/// Top-level modules of the generated backend's environment (dependencies of every option
/// set, and the standard library), derived by `pkg-tests/reserved_modules.py`, which the
/// generated-project tests run to catch drift.
const RESERVED_MODULES: &str = include_str!("reserved_modules.txt");

/// Modules no distribution lists but the backend's Python still finds.
const ALSO_SHADOWED: &[&str] = &["test"];

/// Names Windows reserves for devices in every folder: a clone would fail to check out.
const WINDOWS_DEVICES: &[&str] = &["con", "prn", "aux", "nul", "conin", "conout", "clock"];

/// True when `name` is a module the generated backend imports or could import.
pub fn is_reserved_module(name: &str) -> bool {
    ALSO_SHADOWED.contains(&name) || reserved_modules().any(|m| m == name)
}

/// The names of `src/reserved_modules.txt`.
pub fn reserved_modules() -> impl Iterator<Item = &'static str> {
    RESERVED_MODULES.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Why `name` (already a snake_case identifier) cannot name an agent or the async
/// service because the project uses it already, if it cannot.
pub fn collision(name: &str) -> Option<String> {
    if name.contains("__") {
        return Some(format!(
            "{name:?} has a double underscore — use single underscores (the Terraform names \
             built from it would not match its IAM role)"
        ));
    }
    if is_windows_device(name) {
        return Some(format!(
            "{name:?} is a Windows device name: a folder of that name cannot be checked out on \
             Windows — choose another name, e.g. \"{name}_agent\""
        ));
    }
    if is_reserved_module(name) {
        return Some(format!(
            "{name:?} would hide the Python module of the same name from the backend — choose \
             another name, e.g. \"{name}_agent\""
        ));
    }
    if let Some(pattern) = ignored_by(name) {
        return Some(format!(
            "{name:?} matches {pattern:?} in the project's .gitignore, so its folder would never \
             be committed — choose another name"
        ));
    }
    None
}

fn is_windows_device(name: &str) -> bool {
    if WINDOWS_DEVICES.contains(&name) {
        return true;
    }
    // com0–com9 and lpt0–lpt9.
    let numbered = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|rest| rest.len() == 1 && rest.as_bytes()[0].is_ascii_digit())
    };
    numbered("com") || numbered("lpt")
}

/// The line of the generated `.gitignore` that would ignore `backend/<name>/`, if any.
fn ignored_by(name: &str) -> Option<&'static str> {
    let gitignore = TEMPLATES.get_file(".gitignore")?.contents_utf8()?;
    let folder = format!("backend/{name}");
    gitignore.lines().map(str::trim).find(|line| {
        if line.is_empty() || line.starts_with(['#', '!']) {
            return false;
        }
        let pattern = line.trim_end_matches('/');
        match pattern.strip_prefix('/') {
            // Anchored at the root: the whole path must match.
            Some(anchored) => glob(anchored, &folder),
            // A slash inside anchors it too; without one it matches at any depth.
            None if pattern.contains('/') => glob(pattern, &folder),
            None => glob(pattern, name),
        }
    })
}

/// gitignore-style glob over one path: `*` and `?` never cross `/`, `[…]` is a class.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    fn at(p: &[char], t: &[char]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some('*') => (0..=t.len())
                .take_while(|&i| i == 0 || t[i - 1] != '/')
                .any(|i| at(&p[1..], &t[i..])),
            Some('?') => t.first().is_some_and(|&c| c != '/') && at(&p[1..], &t[1..]),
            Some('[') => {
                let Some(end) = p.iter().skip(1).position(|&c| c == ']').map(|i| i + 1) else {
                    return t.first() == Some(&'[') && at(&p[1..], &t[1..]);
                };
                let Some(&c) = t.first() else { return false };
                let class = &p[1..end];
                let (negated, class) = match class.first() {
                    Some('!' | '^') => (true, &class[1..]),
                    _ => (false, class),
                };
                let mut hit = false;
                let mut i = 0;
                while i < class.len() {
                    if i + 2 < class.len() && class[i + 1] == '-' {
                        hit |= class[i] <= c && c <= class[i + 2];
                        i += 3;
                    } else {
                        hit |= class[i] == c;
                        i += 1;
                    }
                }
                hit != negated && at(&p[end + 1..], &t[1..])
            }
            Some(&c) => t.first() == Some(&c) && at(&p[1..], &t[1..]),
        }
    }
    at(&p, &t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_of_the_generated_backend_are_reserved() {
        for name in [
            "typing_extensions",
            "anyio",
            "pydantic_core",
            "annotated_types",
            "griffe",
            "agents",
            "json",
            "test",
            "aws_agent_framework",
        ] {
            assert!(is_reserved_module(name), "{name}");
            assert!(collision(name).unwrap().contains("would hide the Python module"), "{name}");
        }
        for name in ["researcher", "scout", "loan_officer"] {
            assert_eq!(collision(name), None, "{name}");
        }
    }

    #[test]
    fn the_reserved_list_is_sorted_snake_case_without_duplicates() {
        let names: Vec<&str> = reserved_modules().collect();
        assert!(names.len() > 200, "{} names", names.len());
        for pair in names.windows(2) {
            assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
        }
        for name in names {
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            );
        }
    }

    #[test]
    fn ignored_folders_and_devices_collide() {
        // Results are rows keyed by the agent's name: `request` no longer meets
        // jobs.request_payload.
        assert_eq!(collision("request"), None);
        assert!(
            collision("node_modules")
                .unwrap()
                .contains("\"node_modules/\" in the project's .gitignore")
        );
        assert!(collision("dist").unwrap().contains("backend/dist/"));
        for device in ["con", "aux", "nul", "prn", "com1", "lpt9", "com0"] {
            assert!(collision(device).unwrap().contains("Windows device name"), "{device}");
        }
        for fine in ["com", "com10", "console", "lpt", "auxiliary", "requester"] {
            assert_eq!(collision(fine), None, "{fine}");
        }
        assert!(collision("a__b").unwrap().contains("double underscore"));
    }

    #[test]
    fn globs() {
        assert!(glob("*.py[cod]", "x.pyc"));
        assert!(!glob("*.py[cod]", "x.pyx"));
        assert!(glob("terraform.tfstate*", "terraform.tfstate.backup"));
        assert!(!glob("*", "a/b"));
        assert!(glob("backend/dist", "backend/dist"));
    }
}
