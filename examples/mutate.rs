//! The mutants of `make mutate`: each template corrupted in turn, rendered for the configs
//! the expensive gates check, and what changed written out for pkg-tests/mutate.py to
//! run the gates on.
//!
//! `cargo run --release --features mutate --example mutate -- CONFIGS.json OUT [OPERATORS]`
//!
//! CONFIGS.json is `{"name": config, …}` in the order to try them; OPERATORS a comma list
//! of `drop` (delete a line) and `rename` (break a name on a line), `drop` by default.
//! OUT/mutants.json lists every mutant: the template, the operator, the line, and either
//! the render error, or the first config whose files it changes with the changed files
//! (their new text under OUT/<id>/), or neither when no config renders a difference.

use std::collections::BTreeMap;
use std::path::Path;

use create_agent_app::{Config, files, mutate};
use serde_json::{Value, json};

/// A line worth corrupting: code a gate could read, not a blank line, a comment, or a
/// line of template syntax alone (removing `{% endif %}` fails to render: trivially seen).
fn is_candidate(line: &str) -> bool {
    let text = line.trim();
    let comment = ["#", "//", "/*", "* ", "<!--", "{#", "\"\"\"", "--"];
    let skipped = text.is_empty()
        || comment.iter().any(|c| text.starts_with(c))
        || (text.starts_with("{%") && text.ends_with("%}"));
    !skipped
}

/// The lines to corrupt: in a Markdown file the commands in its code blocks (what a
/// reader runs; the prose is for people), elsewhere every candidate line.
fn candidates(template: &str, text: &str) -> Vec<usize> {
    let mut fenced = false;
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        let markdown = template.ends_with(".md");
        if is_candidate(line) && (!markdown || fenced) {
            lines.push(index);
        }
    }
    lines
}

/// The first name on `line` outside template syntax that is not a keyword, and where it
/// starts.
fn a_name(line: &str) -> Option<(usize, &str)> {
    const KEYWORDS: &[&str] = &[
        "def", "class", "return", "import", "from", "async", "await", "with", "for", "while",
        "true", "false", "True", "False", "None", "null", "const", "export", "function", "self",
        "resource", "variable", "output", "data", "locals", "module",
    ];
    let mut depth = 0;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if line[i..].starts_with("{{") || line[i..].starts_with("{%") {
            depth += 1;
            i += 2;
        } else if line[i..].starts_with("}}") || line[i..].starts_with("%}") {
            depth -= 1;
            i += 2;
        } else if depth == 0 && (bytes[i].is_ascii_alphabetic() || bytes[i] == b'_') {
            let end = line[i..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(line.len(), |n| i + n);
            let word = &line[i..end];
            if word.len() >= 3 && !KEYWORDS.contains(&word) {
                return Some((i, word));
            }
            i = end;
        } else {
            i += 1;
        }
    }
    None
}

/// The template's text with one corruption, and a description of it.
fn mutant(template: &str, text: &str, operator: &str) -> Option<(usize, String, String)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let picks = candidates(template, text);
    let (index, mutated, line) = match operator {
        "drop" => {
            let index = *picks.get(picks.len() / 2)?;
            (index, String::new(), lines[index])
        }
        "rename" => {
            // The first line from a third of the way in with a name to break.
            let index = picks
                .iter()
                .skip(picks.len() / 3)
                .chain(picks.iter())
                .copied()
                .find(|&i| a_name(lines[i]).is_some())?;
            let (at, word) = a_name(lines[index])?;
            let line = lines[index];
            (index, format!("{}{word}_mutant{}", &line[..at], &line[at + word.len()..]), line)
        }
        other => panic!("unknown operator {other:?}: use drop or rename"),
    };
    let mut out = String::with_capacity(text.len());
    for (i, l) in lines.iter().enumerate() {
        out.push_str(if i == index { &mutated } else { l });
    }
    Some((index + 1, line.trim_end().to_string(), out))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, configs, out, rest @ ..] = args.as_slice() else {
        panic!("usage: mutate CONFIGS.json OUT [drop,rename]")
    };
    let operators: Vec<&str> = rest.first().map_or("drop", |s| s.as_str()).split(',').collect();
    let configs: Vec<(String, Config)> = serde_json::from_str::<serde_json::Map<String, Value>>(
        &std::fs::read_to_string(configs).expect("read CONFIGS.json"),
    )
    .expect("CONFIGS.json is an object")
    .into_iter()
    .map(|(name, value)| {
        let config =
            Config::from_json(&value.to_string()).unwrap_or_else(|e| panic!("{name}: {e}"));
        (name, config)
    })
    .collect();
    let rendered = |config: &Config| -> Result<BTreeMap<String, Vec<u8>>, String> {
        files(config)
            .map(|fs| fs.into_iter().map(|f| (f.path, f.contents)).collect())
            .map_err(|e| e.to_string())
    };
    let baselines: Vec<BTreeMap<String, Vec<u8>>> = configs
        .iter()
        .map(|(name, c)| rendered(c).unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect();
    let out = Path::new(out);
    std::fs::create_dir_all(out).expect("create OUT");
    let mut mutants = Vec::new();
    for (template, bytes) in mutate::templates() {
        let Ok(text) = std::str::from_utf8(bytes) else { continue };
        for operator in &operators {
            let Some((line, original, corrupted)) = mutant(template, text, operator) else {
                continue;
            };
            let id = mutants.len();
            let mut entry = json!({
                "id": id, "template": template, "operator": operator, "line": line, "text": original,
            });
            for ((name, config), baseline) in configs.iter().zip(&baselines) {
                let result =
                    mutate::with_template(template, corrupted.clone().into_bytes(), || {
                        rendered(config)
                    });
                let files = match result {
                    Err(message) => {
                        entry["config"] = json!(name);
                        entry["render_error"] = json!(message);
                        break;
                    }
                    Ok(files) => files,
                };
                let changed: Vec<&String> = files
                    .iter()
                    .filter(|(path, bytes)| baseline.get(*path) != Some(bytes))
                    .map(|(p, _)| p)
                    .collect();
                let removed: Vec<&String> =
                    baseline.keys().filter(|p| !files.contains_key(*p)).collect();
                if changed.is_empty() && removed.is_empty() {
                    continue;
                }
                for path in &changed {
                    let target = out.join(id.to_string()).join(path);
                    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                    std::fs::write(target, &files[*path]).unwrap();
                }
                entry["config"] = json!(name);
                entry["changed"] = json!(changed);
                entry["removed"] = json!(removed);
                break;
            }
            mutants.push(entry);
        }
    }
    std::fs::write(out.join("mutants.json"), serde_json::to_string_pretty(&mutants).unwrap())
        .unwrap();
    eprintln!(
        "{} mutants of {} templates in {}",
        mutants.len(),
        mutate::templates().len(),
        out.display()
    );
}
