//! `update`: a three-way merge of a whole project, the core of `create-agent-app update`,
//! `add-agent` and `remove-agent`.
//!
//! `base` is what the generator made for the answers the project records, `new` what it
//! makes now (other answers, newer templates, or both), `current` the user's tree (only
//! paths in `base` or `new` matter; the user's own files are never touched). Per path:
//! - both sides agree (`new` equals `current`): nothing to do;
//! - the user has not changed it (`current` equals `base`): the template's version is
//!   taken, or the file removed when the template dropped it;
//! - the template has not changed it (`new` equals `base`): the user's version stays;
//! - both changed it: the lines are merged; overlapping edits are written between
//!   `<<<<<<< ours` (the user's), `=======` and `>>>>>>> theirs` (the template's) and the
//!   path is listed as a conflict. A file that is not UTF-8 text is never merged: the
//!   user's stays, listed;
//! - the user deleted it: it stays deleted, listed when the template changed it;
//! - the template dropped a file the user changed: the user's stays, listed.
//!
//! The run bit follows the contents' rule. The result is sorted by path: the same inputs
//! always give the same update.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::render::GeneratedFile;

/// What happens to one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// New in the template: written.
    Add,
    /// The template changed it and the user had not: the template's version is written.
    Update,
    /// Both changed it, in different lines: the merge is written.
    Merge,
    /// Both changed the same lines (written with markers), or a binary file both changed
    /// (the user's kept), or a file one side deleted and the other changed (kept as is).
    Conflict,
    /// The template dropped it and the user had not changed it: deleted.
    Remove,
}

/// One path the update touches or reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub path: String,
    pub action: Action,
    /// Why, in words, for a conflict (empty otherwise).
    pub reason: String,
}

/// The update of a project: write `files`, delete `removed`; `changes` lists every path
/// touched or in conflict, `conflicts` the paths that need the user's attention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub files: Vec<GeneratedFile>,
    pub removed: Vec<String>,
    pub changes: Vec<Change>,
    pub conflicts: Vec<String>,
}

impl Update {
    /// True when applying the update would change nothing and nothing conflicts.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

type Tree<'a> = BTreeMap<&'a str, &'a GeneratedFile>;

fn tree(files: &[GeneratedFile]) -> Tree<'_> {
    files.iter().map(|f| (f.path.as_str(), f)).collect()
}

fn same(a: Option<&&GeneratedFile>, b: Option<&&GeneratedFile>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.contents == b.contents && a.executable == b.executable,
        (None, None) => true,
        _ => false,
    }
}

/// Merges `new` into `current` over their common ancestor `base`.
pub fn update(base: &[GeneratedFile], new: &[GeneratedFile], current: &[GeneratedFile]) -> Update {
    let (base, new, current) = (tree(base), tree(new), tree(current));
    let paths: BTreeSet<&str> = base.keys().chain(new.keys()).copied().collect();
    let mut result = Update {
        files: Vec::new(),
        removed: Vec::new(),
        changes: Vec::new(),
        conflicts: Vec::new(),
    };
    for path in paths {
        let (b, n, c) = (base.get(path), new.get(path), current.get(path));
        if same(n, c) {
            continue;
        }
        // What to do: the action, a reason for a conflict, a file to write, a removal.
        let (action, reason, write, remove) = match (b, n, c) {
            // The user has not touched it: the template's version wins.
            (_, Some(n), _) if same(b, c) => {
                let action = if c.is_some() { Action::Update } else { Action::Add };
                (action, "", Some((*n).clone()), false)
            }
            (Some(_), None, Some(_)) if same(b, c) => (Action::Remove, "", None, true),
            // The template has not touched it: the user's version stays.
            _ if same(b, n) => continue,
            (Some(_), Some(_), None) => (
                Action::Conflict,
                "you deleted it and the template changed it: left deleted",
                None,
                false,
            ),
            (Some(_), None, Some(_)) => (
                Action::Conflict,
                "the template dropped it and you changed it: kept yours",
                None,
                false,
            ),
            (_, Some(n), Some(c)) => {
                let ancestor = b.map_or(&[][..], |b| b.contents.as_slice());
                match merge_text(ancestor, &n.contents, &c.contents) {
                    Some(Ok(merged)) => {
                        (Action::Merge, "", Some(merged_file(path, merged, b, n, c)), false)
                    }
                    Some(Err(marked)) => (
                        Action::Conflict,
                        "you and the template changed the same lines: both are in the file between <<<<<<< and >>>>>>> markers",
                        Some(merged_file(path, marked, b, n, c)),
                        false,
                    ),
                    None => (
                        Action::Conflict,
                        "not text, and both you and the template changed it: kept yours",
                        None,
                        false,
                    ),
                }
            }
            // Both absent is "both agree"; a file new on both sides' absence was added above.
            (_, None, None) | (None, None, _) | (None, Some(_), None) => {
                unreachable!("handled by the arms above")
            }
        };
        if action == Action::Conflict {
            result.conflicts.push(path.into());
        }
        result.changes.push(Change { path: path.into(), action, reason: reason.into() });
        result.files.extend(write);
        if remove {
            result.removed.push(path.into());
        }
    }
    result
}

/// One hunk of a line diff: `@@ -a,b +c,d @@` and its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hunk {
    pub header: String,
    /// `(op, text)`: op is ' ' (context), '-' (only in the old text) or '+' (only in the
    /// new); text without its line ending.
    pub lines: Vec<(char, String)>,
}

/// The line diff of two texts as unified-diff hunks (three lines of context), for
/// previews of an update.
pub fn text_diff(old: &str, new: &str) -> Vec<Hunk> {
    let patch = diffy::create_patch(old, new);
    let text = |t: &str| t.strip_suffix('\n').unwrap_or(t).trim_end_matches('\r').to_string();
    patch
        .hunks()
        .iter()
        .map(|hunk| Hunk {
            header: format!("@@ -{} +{} @@", hunk.old_range(), hunk.new_range()),
            lines: hunk
                .lines()
                .iter()
                .map(|line| match line {
                    diffy::Line::Context(t) => (' ', text(t)),
                    diffy::Line::Delete(t) => ('-', text(t)),
                    diffy::Line::Insert(t) => ('+', text(t)),
                })
                .collect(),
        })
        .collect()
}

/// A line merge of UTF-8 texts: `Ok` when it is clean, `Err` with conflict markers when
/// both changed the same lines, `None` when any side is not text.
fn merge_text(ancestor: &[u8], new: &[u8], current: &[u8]) -> Option<Result<Vec<u8>, Vec<u8>>> {
    let ancestor = std::str::from_utf8(ancestor).ok()?;
    let (new, current) = (std::str::from_utf8(new).ok()?, std::str::from_utf8(current).ok()?);
    let mut options = diffy::MergeOptions::new();
    options.set_conflict_style(diffy::ConflictStyle::Merge);
    Some(options.merge(ancestor, current, new).map(String::into_bytes).map_err(String::into_bytes))
}

/// The merged file; its run bit merged by the same rule as the contents.
fn merged_file(
    path: &str,
    contents: Vec<u8>,
    base: Option<&&GeneratedFile>,
    new: &GeneratedFile,
    current: &GeneratedFile,
) -> GeneratedFile {
    let user_changed_bit = base.is_some_and(|b| b.executable != current.executable);
    let executable = if user_changed_bit { current.executable } else { new.executable };
    GeneratedFile { path: path.into(), contents, executable }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents: text.as_bytes().to_vec(), executable: false }
    }

    fn actions(update: &Update) -> Vec<(&str, Action)> {
        update.changes.iter().map(|c| (c.path.as_str(), c.action)).collect()
    }

    fn written<'a>(update: &'a Update, path: &str) -> &'a str {
        let file = update.files.iter().find(|f| f.path == path).expect("written");
        std::str::from_utf8(&file.contents).unwrap()
    }

    #[test]
    fn a_text_diff_is_unified_hunks() {
        let hunks = text_diff("a\nb\nc\n", "a\nB\nc\nd\n");
        assert_eq!(hunks.len(), 1);
        assert_eq!(hunks[0].header, "@@ -1,3 +1,4 @@");
        let ops: String = hunks[0].lines.iter().map(|(op, _)| *op).collect();
        assert_eq!(ops, " -+ +");
        assert_eq!(hunks[0].lines[2], ('+', "B".to_string()));
        assert_eq!(hunks[0].lines[4], ('+', "d".to_string()));
        assert!(text_diff("same\n", "same\n").is_empty());
    }

    #[test]
    fn an_untouched_project_takes_every_template_change() {
        let base = [file("a", "1\n"), file("gone", "x\n"), file("same", "s\n")];
        let new = [file("a", "2\n"), file("b", "new\n"), file("same", "s\n")];
        let update = update(&base, &new, &base);
        assert_eq!(
            actions(&update),
            [("a", Action::Update), ("b", Action::Add), ("gone", Action::Remove)]
        );
        assert_eq!(written(&update, "a"), "2\n");
        assert_eq!(update.removed, ["gone"]);
        assert!(update.conflicts.is_empty());
    }

    #[test]
    fn the_users_edits_survive_where_the_template_did_not_change() {
        let base = [file("agent.py", "def run():\n    return None  # TODO\n")];
        let current = [file("agent.py", "def run():\n    return plan()\n")];
        let update = update(&base, &base, &current);
        assert!(update.is_empty());
    }

    #[test]
    fn edits_in_different_lines_merge_cleanly() {
        let base = [file("f", "one\ntwo\nthree\nfour\nfive\n")];
        let new = [file("f", "one\ntwo\nthree\nfour\nFIVE (template)\n")];
        let current = [file("f", "ONE (yours)\ntwo\nthree\nfour\nfive\n")];
        let update = update(&base, &new, &current);
        assert_eq!(actions(&update), [("f", Action::Merge)]);
        assert_eq!(written(&update, "f"), "ONE (yours)\ntwo\nthree\nfour\nFIVE (template)\n");
    }

    #[test]
    fn edits_to_the_same_lines_are_a_listed_conflict_that_keeps_both_sides() {
        let base = [file("f", "a\nb\nc\n")];
        let new = [file("f", "a\nB (template)\nc\n")];
        let current = [file("f", "a\nB (yours)\nc\n")];
        let update = update(&base, &new, &current);
        assert_eq!(update.conflicts, ["f"]);
        let text = written(&update, "f");
        assert!(
            text.contains("<<<<<<< ours\nB (yours)\n=======\nB (template)\n>>>>>>> theirs\n"),
            "{text}"
        );
    }

    #[test]
    fn deletions_are_respected_and_reported_when_the_other_side_changed_the_file() {
        let base = [file("deleted", "x\n"), file("dropped", "y\n")];
        let new = [file("deleted", "x changed\n")];
        let current = [file("dropped", "y changed\n")];
        let update = update(&base, &new, &current);
        assert_eq!(update.conflicts, ["deleted", "dropped"]);
        assert!(update.files.is_empty() && update.removed.is_empty());
        // A file the user deleted that the template left alone stays deleted silently.
        assert!(super::update(&base[..1], &base[..1], &[]).is_empty());
    }

    #[test]
    fn binary_files_both_changed_keep_the_users_and_say_so() {
        let bin = |bytes: &[u8]| GeneratedFile {
            path: "logo.png".into(),
            contents: bytes.to_vec(),
            executable: false,
        };
        let update = update(&[bin(&[0xff, 1])], &[bin(&[0xff, 2])], &[bin(&[0xff, 3])]);
        assert_eq!(update.conflicts, ["logo.png"]);
        assert!(update.files.is_empty());
        assert!(update.changes[0].reason.contains("kept yours"));
    }

    #[test]
    fn run_bits_follow_the_same_rule_as_contents() {
        let mut script = file("run.sh", "echo 1\n");
        let base = [script.clone()];
        script.executable = true;
        let update = update(&base, &[script.clone()], &base);
        assert!(update.files[0].executable);
        // The user made it executable, the template changed its text: both survive.
        let new = [file("run.sh", "echo 2\n")];
        let update = super::update(&base, &new, &[script]);
        assert_eq!(written(&update, "run.sh"), "echo 2\n");
        assert!(update.files[0].executable);
    }

    #[test]
    fn the_same_project_regenerated_is_no_update_at_all() {
        let config = crate::Config::from_json(r#"{"app_name": "loan-desk"}"#).unwrap();
        let files = crate::files(&config).unwrap();
        assert!(update(&files, &files, &files).is_empty());
    }

    #[test]
    fn adding_an_agent_to_an_edited_project_keeps_the_edits_and_adds_the_agent() {
        let before = crate::Config::from_json(r#"{"app_name": "desk"}"#).unwrap();
        let after = crate::Config::from_json(
            r#"{"app_name": "desk", "agents": "orchestrator, researcher, writer, auditor"}"#,
        )
        .unwrap();
        let base = crate::files(&before).unwrap();
        let new = crate::files(&after).unwrap();
        let mut current = base.clone();
        let templates =
            current.iter_mut().find(|f| f.path == "backend/writer/templates.py").unwrap();
        templates.contents.extend_from_slice(b"\n# the user's domain notes\n");
        let update = update(&base, &new, &current);
        assert!(update.conflicts.is_empty(), "{:?}", update.conflicts);
        assert!(update.files.iter().any(|f| f.path == "backend/auditor/agent.py"));
        // Untouched by the template, or merged with it: the user's lines are there.
        if let Some(merged) = update.files.iter().find(|f| f.path == "backend/writer/templates.py")
        {
            assert!(
                String::from_utf8_lossy(&merged.contents).contains("# the user's domain notes")
            );
        }
        assert!(update.removed.is_empty());
    }
}
