//! Which snake_case names an agent or the async service may not take because the
//! generated project already uses them: a module the backend imports, a fixed database
//! column, a git-ignored path, a Windows device name.
//!
//! Each agent is a top-level package of the backend (`backend/<name>/`), gets a result
//! column `<name>_payload` in the jobs table, and is a folder every clone must contain.

use crate::manifest::TEMPLATES;

/// Top-level modules of the generated backend's environment (dependencies of every option
/// set, and the standard library), derived by `pkg-tests/reserved_modules.py`, which the
/// generated-project tests run to catch drift.
const RESERVED_MODULES: &str = include_str!("reserved_modules.txt");

/// Modules no distribution lists but the backend's Python still finds.
const ALSO_SHADOWED: &[&str] = &["test"];

/// Columns of the jobs table that are not per-agent (templates/backend/database/
/// migrations/001_schema.sql; a test keeps this list in step with it).
pub const JOBS_COLUMNS: &[&str] = &[
    "id",
    "user_id",
    "status",
    "request_payload",
    "error_message",
    "created_at",
    "started_at",
    "completed_at",
    "attempts",
    "lease_until",
    "updated_at",
];

/// The per-agent column of the jobs table.
pub fn result_column(agent: &str) -> String {
    format!("{agent}_payload")
}

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
    let column = result_column(name);
    if JOBS_COLUMNS.contains(&column.as_str()) {
        return Some(format!(
            "{name:?} would give the jobs table a second {column:?} column — choose another name"
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
    fn fixed_columns_ignored_folders_and_devices_collide() {
        assert!(collision("request").unwrap().contains("second \"request_payload\" column"));
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
    fn the_fixed_columns_are_the_schemas() {
        let sql = TEMPLATES
            .get_file("backend/database/migrations/001_schema.sql")
            .and_then(|f| f.contents_utf8())
            .unwrap();
        let jobs = sql.split("CREATE TABLE IF NOT EXISTS jobs (").nth(1).unwrap();
        let jobs = &jobs[..jobs.find("\n);").unwrap()];
        let columns: Vec<&str> = jobs
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("--") && !l.starts_with("{%"))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .collect();
        assert_eq!(columns, JOBS_COLUMNS, "update JOBS_COLUMNS to the jobs table's columns");
        assert!(
            jobs.contains("{{ agent.name }}_payload"),
            "the per-agent column is <name>_payload"
        );
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
