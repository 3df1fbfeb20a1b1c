//! A project's life after `create`: what it records (`.create-agent-app.json`), and the
//! project-level update behind `create-agent-app update`, `add-agent`, `remove-agent` and
//! `check`, for the CLI and the web page alike.
//!
//! The answers file records the generator version, the answers, and a SHA-256 of every
//! other file as generated. The hashes tell, without the generator that made the project,
//! which files the user has changed since; and whether a base regenerated now is really
//! what made the project (a build with other templates but the same version number is
//! caught, not trusted).
//!
//! The update is the three-way merge of [`crate::update`] over a base: the files the
//! recorded version made for the recorded answers. When that base cannot be had (an older
//! generator that is not available), it falls back to the hashes: a file the user has not
//! changed takes the template's version; a file the user changed is never overwritten,
//! and is listed when the template's version differs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::manifest::ANSWERS_FILE;
use crate::update::{Action, Change, Update};
use crate::{Agent, Config, Error, FieldError, GeneratedFile, Role};

/// `.create-agent-app.json` as read back from a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    pub generator: String,
    /// The generator version that made (or last updated) the project.
    pub version: String,
    /// The answers, as the generator normalised them.
    pub config: Value,
    /// Path → SHA-256 (hex) of each file as generated; empty for projects made before
    /// the generator recorded them (0.1.0).
    #[serde(default)]
    pub files: BTreeMap<String, String>,
}

/// SHA-256 of `contents`, lowercase hex, as `sha256sum` prints it.
pub fn sha256_hex(contents: &[u8]) -> String {
    Sha256::digest(contents).iter().map(|b| format!("{b:02x}")).collect()
}

/// The answers file for `config` and its generated `files` (the answers file itself is
/// not among them).
pub(crate) fn answers_file(config: &Config, files: &[GeneratedFile]) -> GeneratedFile {
    let hashes: BTreeMap<&str, String> =
        files.iter().map(|f| (f.path.as_str(), sha256_hex(&f.contents))).collect();
    let answers = serde_json::json!({
        "generator": "create-agent-app",
        "version": crate::VERSION,
        "config": config,
        "files": hashes,
    });
    let mut text = serde_json::to_string_pretty(&answers).expect("serialises");
    text.push('\n');
    GeneratedFile { path: ANSWERS_FILE.into(), contents: text.into_bytes(), executable: false }
}

fn invalid(field: &str, message: impl Into<String>) -> Error {
    Error::Invalid(vec![FieldError::new(field, message)])
}

/// Reads a project's answers file.
pub fn read_answers(contents: &[u8]) -> Result<Recorded, Error> {
    let recorded: Recorded = serde_json::from_slice(contents).map_err(|e| {
        invalid(
            ANSWERS_FILE,
            format!("is not the answers file create-agent-app writes ({e}) — restore it from git"),
        )
    })?;
    if recorded.generator != "create-agent-app" {
        return Err(invalid(ANSWERS_FILE, "was not written by create-agent-app"));
    }
    Ok(recorded)
}

/// The answers file in a project's files, read.
pub fn recorded_in(current: &[GeneratedFile]) -> Result<Recorded, Error> {
    let file = current.iter().find(|f| f.path == ANSWERS_FILE).ok_or_else(|| {
        invalid(
            ANSWERS_FILE,
            "not found — run this in a project create-agent-app made (or pass --dir PATH)",
        )
    })?;
    read_answers(&file.contents)
}

/// `config` with one more agent (a worker unless `agent.role` says otherwise).
pub fn add_agent(config: &Config, mut agent: Agent) -> Result<Config, Error> {
    if config.agents.iter().any(|a| a.name == agent.name) {
        return Err(invalid("agents", format!("{} is already an agent of this app", agent.name)));
    }
    agent.role = agent.role.or(Some(Role::Worker));
    let mut value = serde_json::to_value(config).expect("serialises");
    value["agents"].as_array_mut().expect("a list").push(serde_json::to_value(agent).unwrap());
    Config::from_value(&value)
}

/// `config` without the agent `name`. The orchestrator stays: remove it by naming a new
/// orchestrator in the answers first.
pub fn remove_agent(config: &Config, name: &str) -> Result<Config, Error> {
    let names = || config.agents.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ");
    let agent = config.agents.iter().find(|a| a.name == name).ok_or_else(|| {
        invalid("agents", format!("{name:?} is not an agent of this app; its agents: {}", names()))
    })?;
    if agent.role == Some(Role::Orchestrator) {
        return Err(invalid(
            "agents",
            format!(
                "{name} is the orchestrator; make another agent the orchestrator first \
                 (update --set agents=...), then remove it"
            ),
        ));
    }
    let mut value = serde_json::to_value(config).expect("serialises");
    value["agents"].as_array_mut().expect("a list").retain(|a| a["name"] != name);
    Config::from_value(&value)
}

/// Where the update's base came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Base {
    /// Regenerated from the recorded answers by the generator that made the project: a
    /// full three-way merge.
    Generated,
    /// Not available (or not matching the recorded hashes): the recorded hashes stood in,
    /// and files the user changed were left alone.
    Hashes,
    /// Not available, and the project records no hashes: only files that do not exist
    /// yet were added; every file that differs was left alone and listed.
    None,
}

/// A project-level update: the merge, the config it brings the project to, and how it
/// was made.
#[derive(Debug, Clone)]
pub struct ProjectUpdate {
    pub update: Update,
    pub config: Config,
    pub base: Base,
    /// The version the project recorded.
    pub from_version: String,
}

const UNMERGED: &str = "you changed it, and the generator that made the project is not \
                        available to merge with: kept yours (the template's version differs)";

/// Updates a project to `config` (its recorded answers when `None`) as this generator
/// makes it. `current` is the project's files (at least every path the base, the new
/// files and the recorded hashes name); `base` is what the recorded version made for the
/// recorded answers, when the caller has it. When `base` is `None` and the project was
/// made by this version, the base is regenerated here.
pub fn update_project(
    current: &[GeneratedFile],
    config: Option<&Config>,
    base: Option<Vec<GeneratedFile>>,
) -> Result<ProjectUpdate, Error> {
    let recorded = recorded_in(current)?;
    let config = match config {
        Some(config) => config.clone(),
        None => Config::from_value(&recorded.config).map_err(|e| match e {
            Error::Invalid(fields) => Error::Invalid(
                fields
                    .into_iter()
                    .map(|f| {
                        FieldError::new(&f.field, format!("{} (in {ANSWERS_FILE})", f.message))
                    })
                    .collect(),
            ),
            other => other,
        })?,
    };
    let mut new = crate::files(&config)?;
    let base = base.or_else(|| {
        let same_version = recorded.version == crate::VERSION;
        let recorded_config = Config::from_value(&recorded.config).ok();
        recorded_config.filter(|_| same_version).and_then(|c| crate::files(&c).ok())
    });
    // A base is trusted only if it is what the project recorded.
    let base = base.filter(|b| matches_recorded(b, &recorded));
    let without_answers = |files: &mut Vec<GeneratedFile>| files.retain(|f| f.path != ANSWERS_FILE);
    let answers = new.iter().find(|f| f.path == ANSWERS_FILE).cloned().expect("always generated");
    without_answers(&mut new);
    let current_answers = current.iter().find(|f| f.path == ANSWERS_FILE);
    let mut current_files = current.to_vec();
    without_answers(&mut current_files);
    let current = current_files;
    let (mut update, kind) = match base {
        Some(mut base) => {
            without_answers(&mut base);
            (crate::update(&base, &new, &current), Base::Generated)
        }
        None => {
            let kind = if recorded.files.is_empty() { Base::None } else { Base::Hashes };
            (two_way(&recorded, &new, &current), kind)
        }
    };
    // The answers file always becomes this generator's, for the new answers.
    let old_answers = current_answers.map(|f| f.contents.as_slice());
    if old_answers != Some(answers.contents.as_slice()) {
        let change =
            Change { path: ANSWERS_FILE.into(), action: Action::Update, reason: String::new() };
        update.changes.push(change);
        update.files.push(answers);
        update.changes.sort_by(|a, b| a.path.cmp(&b.path));
        update.files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    Ok(ProjectUpdate { update, config, base: kind, from_version: recorded.version })
}

/// True when every file the project recorded a hash for is, in `base`, what was recorded
/// (vacuously true for projects that record no hashes).
fn matches_recorded(base: &[GeneratedFile], recorded: &Recorded) -> bool {
    let base: BTreeMap<&str, &GeneratedFile> = base.iter().map(|f| (f.path.as_str(), f)).collect();
    recorded.files.iter().all(|(path, hash)| {
        base.get(path.as_str()).is_some_and(|f| &sha256_hex(&f.contents) == hash)
    }) && (recorded.files.is_empty()
        || base.keys().all(|p| *p == ANSWERS_FILE || recorded.files.contains_key(*p)))
}

/// The update without a base: a stand-in base built from the hashes (a file the user has
/// not changed is its own base, so the template's version is taken; a file the user
/// deleted stays deleted), and files the user changed left as they are, listed when the
/// template's version differs.
fn two_way(recorded: &Recorded, new: &[GeneratedFile], current: &[GeneratedFile]) -> Update {
    let current_by_path: BTreeMap<&str, &GeneratedFile> =
        current.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut base = Vec::new();
    let mut unmerged = Vec::new();
    for file in new {
        let recorded_hash = recorded.files.get(&file.path);
        let template_unchanged = recorded_hash == Some(&sha256_hex(&file.contents));
        match current_by_path.get(file.path.as_str()) {
            // Not changed by the user: it is its own base, so the template's version wins.
            Some(c) if recorded_hash == Some(&sha256_hex(&c.contents)) => base.push((*c).clone()),
            Some(c) if c.contents == file.contents => {}
            // Changed by the user only: the template's is the base, so the user's stays.
            Some(_) if template_unchanged => base.push(file.clone()),
            Some(_) => unmerged.push(file.path.clone()),
            // Deleted by the user: stays deleted.
            None if recorded_hash.is_some() => base.push(file.clone()),
            None => {}
        }
    }
    // Files the template dropped: removed if the user left them as generated.
    for (path, hash) in &recorded.files {
        if new.iter().any(|f| &f.path == path) {
            continue;
        }
        if let Some(c) = current_by_path.get(path.as_str()) {
            if sha256_hex(&c.contents) == *hash {
                base.push((*c).clone());
            }
        }
    }
    let new_without_unmerged: Vec<GeneratedFile> =
        new.iter().filter(|f| !unmerged.contains(&f.path)).cloned().collect();
    let mut update = crate::update(&base, &new_without_unmerged, current);
    for path in unmerged {
        update.conflicts.push(path.clone());
        update.changes.push(Change { path, action: Action::Conflict, reason: UNMERGED.into() });
    }
    update.conflicts.sort();
    update.changes.sort_by(|a, b| a.path.cmp(&b.path));
    update
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> Config {
        Config::from_json(json).unwrap()
    }

    fn find<'a>(files: &'a [GeneratedFile], path: &str) -> &'a GeneratedFile {
        files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path}"))
    }

    fn text(file: &GeneratedFile) -> &str {
        std::str::from_utf8(&file.contents).unwrap()
    }

    fn worker(name: &str) -> Agent {
        Agent { name: name.into(), role: None, description: "Audits the result.".into() }
    }

    /// The project with its answers file rewritten by `edit` (as an older generator, or
    /// another build, would have written it).
    fn with_recorded(files: &mut [GeneratedFile], edit: impl FnOnce(&mut Recorded)) {
        let answers = files.iter_mut().find(|f| f.path == ANSWERS_FILE).unwrap();
        let mut recorded = read_answers(&answers.contents).unwrap();
        edit(&mut recorded);
        answers.contents = serde_json::to_vec_pretty(&recorded).unwrap();
    }

    #[test]
    fn the_answers_file_records_a_sha256_of_every_other_file() {
        let files = crate::files(&config(r#"{"app_name": "hash-app"}"#)).unwrap();
        let recorded = read_answers(&find(&files, ANSWERS_FILE).contents).unwrap();
        assert_eq!(recorded.version, crate::VERSION);
        assert_eq!(recorded.files.len(), files.len() - 1);
        for file in files.iter().filter(|f| f.path != ANSWERS_FILE) {
            assert_eq!(recorded.files[&file.path], sha256_hex(&file.contents), "{}", file.path);
        }
        // `sha256sum` of an empty file.
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn agents_are_added_as_workers_and_removed_with_errors_naming_the_field() {
        let base = config(r#"{"agents": "lead, scout"}"#);
        let added = add_agent(&base, worker("auditor")).unwrap();
        assert_eq!(added.agents.last().unwrap().role, Some(Role::Worker));
        assert_eq!(remove_agent(&added, "auditor").unwrap(), base);
        let twice = add_agent(&added, worker("auditor")).unwrap_err();
        assert_eq!(twice.fields()[0].field, "agents");
        assert!(twice.to_string().contains("auditor is already an agent"));
        assert!(remove_agent(&base, "nobody").unwrap_err().to_string().contains("lead, scout"));
        assert!(remove_agent(&base, "lead").unwrap_err().to_string().contains("orchestrator"));
        let bad = add_agent(&base, worker("Bad-Name")).unwrap_err();
        assert!(bad.fields()[0].field.starts_with("agents"), "{:?}", bad.fields());
    }

    #[test]
    fn adding_an_agent_keeps_the_users_edits_and_adds_the_agents_files() {
        let before = config(r#"{"app_name": "edit-app", "agents": "lead, scout"}"#);
        let mut current = crate::files(&before).unwrap();
        let agent_py = current.iter_mut().find(|f| f.path == "backend/lead/templates.py").unwrap();
        agent_py.contents.extend_from_slice(b"\nDOMAIN_RULE = 'written by the user'\n");
        let after = add_agent(&before, worker("auditor")).unwrap();
        let result = update_project(&current, Some(&after), None).unwrap();
        assert_eq!(result.base, Base::Generated);
        assert!(result.update.conflicts.is_empty(), "{:?}", result.update.conflicts);
        let written = &result.update.files;
        assert!(written.iter().any(|f| f.path == "backend/auditor/agent.py"));
        if let Some(merged) = written.iter().find(|f| f.path == "backend/lead/templates.py") {
            assert!(text(merged).contains("DOMAIN_RULE = 'written by the user'"));
        }
        let answers = read_answers(&find(written, ANSWERS_FILE).contents).unwrap();
        assert_eq!(answers.config["agents"][2]["name"], "auditor");
        // Removing it again gives back the user's project.
        let mut applied = current.clone();
        applied.retain(|f| !written.iter().any(|w| w.path == f.path));
        applied.extend(written.iter().cloned());
        let back = update_project(&applied, Some(&before), None).unwrap();
        assert!(back.update.removed.contains(&"backend/auditor/agent.py".to_string()));
        assert!(back.update.conflicts.is_empty());
    }

    #[test]
    fn without_the_old_generator_the_hashes_decide_and_user_changes_are_never_overwritten() {
        let config = config(r#"{"app_name": "old-app"}"#);
        let mut current = crate::files(&config).unwrap();
        // As an older template set made it: two files read differently then.
        let old_makefile = b"old makefile\n".to_vec();
        let old_readme = b"# Old readme\n".to_vec();
        let (makefile_hash, readme_hash) = (sha256_hex(&old_makefile), sha256_hex(&old_readme));
        find_mut(&mut current, "Makefile").contents = old_makefile;
        // The user edited the README since.
        find_mut(&mut current, "README.md").contents = b"# Old readme\nMy notes\n".to_vec();
        with_recorded(&mut current, |r| {
            r.version = "0.0.1".into();
            r.files.insert("Makefile".into(), makefile_hash);
            r.files.insert("README.md".into(), readme_hash);
        });
        let result = update_project(&current, None, None).unwrap();
        assert_eq!(result.base, Base::Hashes);
        assert_eq!(result.from_version, "0.0.1");
        let fresh = crate::files(&config).unwrap();
        assert_eq!(find(&result.update.files, "Makefile"), find(&fresh, "Makefile"));
        assert_eq!(result.update.conflicts, ["README.md"]);
        assert!(!result.update.files.iter().any(|f| f.path == "README.md"));
        let change = result.update.changes.iter().find(|c| c.path == "README.md").unwrap();
        assert!(change.reason.contains("kept yours"), "{}", change.reason);
    }

    #[test]
    fn a_base_that_is_not_what_the_project_recorded_is_not_trusted() {
        let config = config(r#"{"app_name": "trust-app"}"#);
        let mut current = crate::files(&config).unwrap();
        with_recorded(&mut current, |r| {
            r.files.insert("README.md".into(), sha256_hex(b"another build\n"));
        });
        let result = update_project(&current, None, None).unwrap();
        assert_eq!(result.base, Base::Hashes);
    }

    #[test]
    fn a_fresh_project_has_nothing_to_update() {
        let files = crate::files(&config(r#"{"app_name": "drift-app"}"#)).unwrap();
        assert!(update_project(&files, None, None).unwrap().update.is_empty());
    }

    fn find_mut<'a>(files: &'a mut [GeneratedFile], path: &str) -> &'a mut GeneratedFile {
        files.iter_mut().find(|f| f.path == path).unwrap()
    }
}
