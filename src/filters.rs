//! The filters templates use: case conversions and escaping of free text.
//!
//! Case filters turn names into the spelling each place needs; escaping filters turn free
//! text (an app description, a title) into a literal of the target language, so no input
//! can break a generated file:
//!
//! | filter     | output                                              | for                 |
//! |------------|-----------------------------------------------------|---------------------|
//! | `snake`    | `loan_desk`                                         | identifiers         |
//! | `kebab`    | `loan-desk`                                         | resource names      |
//! | `pascal`   | `LoanDesk`                                          | class names         |
//! | `title`    | `Loan Desk`                                         | headings            |
//! | `py`       | `"…"` Python string literal                         | `.py`               |
//! | `py_assignment(NAME)` | `NAME = "…"`, wrapped as ruff wraps it   | `.py` module level  |
//! | `ts`       | `"…"` TS/JS string literal, `<` escaped             | `.ts`, `.tsx`, `.js`|
//! | `hcl`      | `"…"` HCL string, `${` and `%{` escaped             | `.tf`, `.tfvars`    |
//! | `yaml`     | `"…"` YAML double-quoted scalar                     | `.yml`, `.yaml`     |
//! | `toml`     | `"…"` TOML basic string                             | `.toml`             |
//! | `tojson`   | JSON value (minijinja built-in)                     | `.json`             |
//! | `md`       | inline Markdown with its syntax escaped, one line   | `.md`               |
//! | `one_line` | text folded to one line, for comments               | `# …`, `// …`       |
//!
//! ```
//! use create_agent_app::filters::{escape_py, kebab_case};
//! assert_eq!(escape_py("line\n"), r#""line\n""#);
//! assert_eq!(escape_py("say \"hi\""), r#"'say "hi"'"#); // ruff's quote choice
//! assert_eq!(kebab_case("Loan Desk"), "loan-desk");
//! ```

/// Adds the filters above to `env`.
pub(crate) fn register(env: &mut minijinja::Environment) {
    env.add_filter("snake", |s: &str| snake_case(s));
    env.add_filter("kebab", |s: &str| kebab_case(s));
    env.add_filter("pascal", |s: &str| pascal_case(s));
    env.add_filter("title", |s: &str| title_case(s));
    env.add_filter("py", |s: &str| escape_py(s));
    env.add_filter("py_assignment", |s: &str, name: &str| py_assignment(s, name));
    env.add_filter("ts", |s: &str| escape_ts(s));
    env.add_filter("hcl", |s: &str| escape_hcl(s));
    env.add_filter("yaml", |s: &str| escape_yaml(s));
    env.add_filter("toml", |s: &str| escape_toml(s));
    env.add_filter("md", |s: &str| escape_md(s));
    env.add_filter("one_line", |s: &str| one_line(s));
    env.add_filter("docstring", |s: &str| escape_docstring(s));
}

/// Splits `text` into lowercase words at anything that is not a letter or digit and at
/// lower→upper case changes (`loanDesk`, `Loan Desk`, `loan-desk` → `loan`, `desk`).
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `Loan Desk` → `loan_desk`
pub fn snake_case(text: &str) -> String {
    words(text).join("_")
}

/// `loan_desk` → `loan-desk`
pub fn kebab_case(text: &str) -> String {
    words(text).join("-")
}

/// `loan_desk` → `LoanDesk`
pub fn pascal_case(text: &str) -> String {
    words(text).iter().map(|w| capitalized(w)).collect()
}

/// `loan-desk` → `Loan Desk`
pub fn title_case(text: &str) -> String {
    words(text).iter().map(|w| capitalized(w)).collect::<Vec<_>>().join(" ")
}

/// Writes `text` as a double-quoted literal with the escapes C-family languages share
/// (`\"`, `\\`, `\n`, `\r`, `\t`, `\uXXXX`). Every control and line-separator character is
/// escaped, so the literal is one line and printable in every target language.
fn quoted(text: &str, escape_lt: bool) -> String {
    quoted_with(text, '"', escape_lt)
}

fn quoted_with(text: &str, quote: char, escape_lt: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' if escape_lt => out.push_str("\\u003c"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// A Python string literal, in the quote style ruff's formatter settles on (double quotes
/// unless the text holds more `"` than `'`), so generated code is format-clean as written.
pub fn escape_py(text: &str) -> String {
    let count = |q: char| text.chars().filter(|c| *c == q).count();
    let quote = if count('"') > count('\'') { '\'' } else { '"' };
    quoted_with(text, quote, false)
}

/// The generated project's line length (templates/ruff.toml).
const PY_LINE_LENGTH: usize = 100;

/// `name = "text"` at module level as ruff's formatter writes it: a line over the line
/// length is wrapped in parentheses when the string then fits on its own line, and left
/// as it is when it would not (a string cannot be split). Widths are ruff's: East Asian
/// wide characters and emoji count two columns.
pub fn py_assignment(text: &str, name: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let literal = escape_py(text);
    let flat = format!("{name} = {literal}");
    if flat.width() <= PY_LINE_LENGTH || literal.width() + 4 > PY_LINE_LENGTH {
        flat
    } else {
        format!("{name} = (\n    {literal}\n)")
    }
}

/// A TypeScript/JavaScript string literal; `<` is escaped so `</script>` cannot close a tag.
pub fn escape_ts(text: &str) -> String {
    quoted(text, true)
}

/// An HCL quoted string; `${` and `%{` are doubled so Terraform does not interpolate them.
pub fn escape_hcl(text: &str) -> String {
    quoted(text, false).replace("${", "$${").replace("%{", "%%{")
}

/// A YAML double-quoted scalar.
pub fn escape_yaml(text: &str) -> String {
    quoted(text, false)
}

/// A TOML basic string.
pub fn escape_toml(text: &str) -> String {
    quoted(text, false)
}

/// Text folded to a single line: control characters and line breaks become spaces, runs of
/// spaces collapse. Safe inside `#` and `//` comments.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control() || c == '\u{feff}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text inside a Python `"""docstring"""`: one line, backslashes and double quotes escaped
/// so the text can neither end the string early nor form an escape sequence.
pub fn escape_docstring(text: &str) -> String {
    one_line(text).replace('\\', "\\\\").replace('"', "\\\"")
}

/// Inline Markdown: one line, HTML and Markdown syntax characters escaped so the text reads
/// the same rendered as raw, and cannot open a block, link, code span or tag.
pub fn escape_md(text: &str) -> String {
    let line = one_line(text);
    let mut out = String::with_capacity(line.len());
    for (i, c) in line.chars().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '{' | '}' | '$' => {
                out.push('\\');
                out.push(c);
            }
            // Block markers only matter at the start of a line.
            '#' | '-' | '+' | '=' | '!' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    // "1. text" at the start of a line would begin an ordered list.
    if let Some(dot) = out.find(['.', ')']) {
        if dot > 0 && out[..dot].bytes().all(|b| b.is_ascii_digit()) {
            out.insert(dot, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "She said \"hi\" \\ 'x'\nnext\r\tline {{ x }} {% y %} ${z} %{w} </script> \u{2028}\u{0}\u{7f}\u{85}é 🎉";

    #[test]
    fn py_assignment_wraps_as_ruff_does() {
        // 100 columns fit; 101 are wrapped while the string fits in 96 (indented by 4).
        let fits = "x".repeat(100 - "NAME = \"\"".len());
        assert_eq!(py_assignment(&fits, "NAME"), format!("NAME = \"{fits}\""));
        let over = format!("{fits}x");
        assert_eq!(py_assignment(&over, "NAME"), format!("NAME = (\n    \"{over}\"\n)"));
        let longest_wrapped = "x".repeat(96 - 2);
        assert!(py_assignment(&longest_wrapped, "NAME").starts_with("NAME = (\n"));
        // Too long even on its own line: ruff leaves it, so do we.
        let too_long = "x".repeat(96 - 1);
        assert_eq!(py_assignment(&too_long, "NAME"), format!("NAME = \"{too_long}\""));
        // An emoji is two columns wide, as ruff counts it.
        let wide = format!("{}🎉", "x".repeat(100 - "NAME = \"\"".len() - 1));
        assert!(py_assignment(&wide, "NAME").starts_with("NAME = (\n"));
    }

    #[test]
    fn case_conversions() {
        for input in ["loan desk", "Loan-Desk", "loan_desk", "loanDesk", "  Loan   Desk "] {
            assert_eq!(snake_case(input), "loan_desk", "{input}");
            assert_eq!(kebab_case(input), "loan-desk", "{input}");
            assert_eq!(pascal_case(input), "LoanDesk", "{input}");
            assert_eq!(title_case(input), "Loan Desk", "{input}");
        }
        assert_eq!(title_case("my-agent-app2"), "My Agent App2");
    }

    /// JSON string syntax is a subset of Python, TOML, YAML and JS string syntax, so a JSON
    /// decoder reading the literal back proves it round-trips.
    #[test]
    fn string_literals_round_trip_and_stay_on_one_printable_line() {
        // More `'` than `"` keeps the Python literal double-quoted, hence JSON-readable.
        let py_text = format!("{HOSTILE}''");
        let cases = [
            (escape_py(&py_text), py_text.as_str()),
            (escape_ts(HOSTILE), HOSTILE),
            (escape_yaml(HOSTILE), HOSTILE),
            (escape_toml(HOSTILE), HOSTILE),
        ];
        for (literal, text) in cases {
            assert_eq!(serde_json::from_str::<String>(&literal).unwrap(), text, "{literal}");
            assert!(!literal.chars().any(|c| c.is_control()), "{literal}");
            assert!(!literal.contains('\u{2028}'));
        }
    }

    #[test]
    fn python_literals_take_the_quote_style_ruff_prefers() {
        assert_eq!(escape_py("plain"), r#""plain""#);
        assert_eq!(escape_py(r#"say "hi""#), r#"'say "hi"'"#);
        assert_eq!(escape_py(r#"it's "x""#), r#"'it\'s "x"'"#);
        assert_eq!(escape_py("it's"), r#""it's""#);
        assert_eq!(escape_py("a\\b\n"), r#""a\\b\n""#);
    }

    #[test]
    fn ts_literal_cannot_close_a_script_tag() {
        assert!(!escape_ts(HOSTILE).contains('<'));
    }

    #[test]
    fn hcl_literal_escapes_interpolation_and_round_trips() {
        let literal = escape_hcl(HOSTILE);
        assert!(literal.contains("$${z}") && literal.contains("%%{w}"));
        let decoded: String =
            serde_json::from_str(&literal.replace("$${", "${").replace("%%{", "%{")).unwrap();
        assert_eq!(decoded, HOSTILE);
    }

    #[test]
    fn markdown_is_one_line_with_syntax_escaped() {
        let md = escape_md(HOSTILE);
        assert!(!md.contains('\n') && !md.contains('<') && !md.contains("{{"), "{md}");
        assert!(md.contains("&lt;/script&gt;"));
        assert_eq!(escape_md("# Title"), "\\# Title");
        assert_eq!(escape_md("1. one"), "1\\. one");
        assert_eq!(escape_md("a | b *c*"), "a \\| b \\*c\\*");
        assert_eq!(escape_md("plain text."), "plain text.");
    }

    #[test]
    fn docstring_text_cannot_end_the_docstring_or_escape() {
        assert_eq!(escape_docstring("a \\ b \"\"\" c\n"), "a \\\\ b \\\"\\\"\\\" c");
    }

    #[test]
    fn one_line_folds_whitespace_and_controls() {
        assert_eq!(one_line(" a\n\tb\r\n\u{0}c  "), "a b c");
    }
}
