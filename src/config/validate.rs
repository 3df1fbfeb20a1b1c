//! The rules a well-typed config must also meet: valid names (no Python keywords, no
//! reserved or colliding modules), AWS regions, one orchestrator among 1–16 agents, free
//! text without invisible characters. Each problem is a [`FieldError`] naming its field.

use serde_json::Value;

use super::{Config, MAX_AGENTS, Role, as_object, shown};
use crate::error::{Error, FieldError};

/// Names an agent cannot take: they are the generated backend's own folders and modules.
///
/// ```
/// use create_agent_app::{config::RESERVED_AGENT_NAMES, validate};
/// assert!(RESERVED_AGENT_NAMES.contains(&"api"));
/// assert_eq!(validate(&serde_json::json!({"agents": "lead, api"}))[0].field, "agents[1].name");
/// ```
pub const RESERVED_AGENT_NAMES: &[&str] = &[
    "api",
    "database",
    "dist",
    // backend/evals/results/ holds `make eval`'s reports.
    "evals",
    "framework",
    "frontend",
    "conftest",
    "ingest",
    "lambda_handler",
    "run_evals",
    "run_job",
    "scripts",
    "tests",
];

/// Python's keywords: an agent's name becomes a module and an identifier in the backend.
const PYTHON_KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// Every problem with `value` as a configuration, each naming its field; empty when valid.
///
/// ```
/// use create_agent_app::validate;
/// assert!(validate(&serde_json::json!({"app_name": "loan-desk"})).is_empty());
/// let found = validate(&serde_json::json!({"agents": "lead, class"}));
/// assert_eq!(found[0].field, "agents[1].name");
/// ```
pub fn validate(value: &Value) -> Vec<FieldError> {
    match Config::from_value(value) {
        Ok(_) => Vec::new(),
        Err(Error::Invalid(errors)) => errors,
        Err(other) => vec![FieldError::new("", other.to_string())],
    }
}

/// Sorts errors the way the fields are declared (and a form shows them); unknown fields
/// last. The sort is stable, so errors on one field keep their order.
pub(super) fn in_field_order(mut errors: Vec<FieldError>) -> Vec<FieldError> {
    let fields = as_object(&Config::default());
    let rank = |e: &FieldError| {
        let top = e.field.split(['[', '.']).next().unwrap_or_default();
        fields.keys().position(|k| k == top).unwrap_or(fields.len())
    };
    errors.sort_by_key(rank);
    errors
}

/// The rules a well-typed config must also meet.
pub(super) fn check_rules(config: &Config) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut fail = |field: String, message: String| errors.push(FieldError::new(field, message));

    if !is_app_name(&config.app_name) {
        let suggestion = crate::filters::kebab_case(&config.app_name);
        let example = if is_app_name(&suggestion) { suggestion } else { "my-agent-app".into() };
        fail(
            "app_name".into(),
            format!(
                "{} is not a valid app name — use 3–32 lowercase letters, digits and hyphens, \
                 starting with a letter, without \"--\" and not ending with a hyphen, e.g. \
                 {example:?}",
                shown(&config.app_name)
            ),
        );
    }
    for (field, text, max) in
        [("app_description", &config.app_description, 1000), ("app_title", &config.app_title, 100)]
    {
        if text.chars().count() > max {
            fail(field.into(), format!("is longer than {max} characters — shorten it"));
        } else if let Some(problem) = hidden_character_problem(text) {
            fail(field.into(), problem);
        }
    }
    for (field, region) in
        [("aws_region", &config.aws_region), ("bedrock_region", &config.bedrock_region)]
    {
        if !is_region(region) {
            fail(
                field.into(),
                format!("{} is not an AWS region code — use one like \"us-east-1\"", shown(region)),
            );
        }
    }
    let model = &config.bedrock_model_id;
    let model_ok = !model.is_empty()
        && model.len() <= 2048
        && model.chars().all(|c| c.is_ascii_alphanumeric() || "._:/-".contains(c));
    if !model_ok {
        fail(
            "bedrock_model_id".into(),
            format!(
                "{} is not a Bedrock model id — use one like \"us.amazon.nova-pro-v1:0\"",
                shown(model)
            ),
        );
    }

    let agents = &config.agents;
    if agents.is_empty() || agents.len() > MAX_AGENTS {
        fail(
            "agents".into(),
            format!("has {} agents — give between 1 and {MAX_AGENTS}", agents.len()),
        );
    }
    for (i, agent) in agents.iter().enumerate() {
        let field = format!("agents[{i}].name");
        if let Some(problem) = identifier_problem(&agent.name) {
            fail(field, problem);
        } else if agents[..i].iter().any(|a| a.name == agent.name) {
            fail(
                field,
                format!(
                    "{} is used by another agent — agent names must be unique",
                    shown(&agent.name)
                ),
            );
        }
        if agent.description.chars().count() > 500 {
            fail(
                format!("agents[{i}].description"),
                "is longer than 500 characters — shorten it".into(),
            );
        } else if let Some(problem) = hidden_character_problem(&agent.description) {
            fail(format!("agents[{i}].description"), problem);
        }
    }
    let orchestrators: Vec<usize> = agents
        .iter()
        .enumerate()
        .filter(|(_, a)| a.role == Some(Role::Orchestrator))
        .map(|(i, _)| i)
        .collect();
    match orchestrators.as_slice() {
        [] if agents.first().is_some_and(|a| a.role.is_some()) => fail(
            "agents".into(),
            "has no orchestrator — set role \"orchestrator\" on the agent that receives the job"
                .into(),
        ),
        [_, second, ..] => fail(
            format!("agents[{second}].role"),
            format!(
                "is a second orchestrator (agents[{}] is one already) — exactly one agent is the \
                 orchestrator; make the others \"worker\"",
                orchestrators[0]
            ),
        ),
        _ => {}
    }

    let service = &config.async_service;
    if service != "none" {
        if let Some(problem) = identifier_problem(service) {
            fail("async_service".into(), format!("{problem} (or \"none\" for no service)"));
        } else if agents.iter().any(|a| &a.name == service) {
            fail(
                "async_service".into(),
                format!("{service:?} is also an agent name — give the service its own name"),
            );
        }
    }
    // The AWS names are built from the names: check them once those are valid.
    let named = |e: &FieldError| {
        e.field == "app_name" || e.field.starts_with("agents") || e.field == "async_service"
    };
    if !errors.iter().any(named) {
        errors.extend(crate::aws_names::check(config));
    }
    errors
}

/// Why `name` cannot be an agent or service name, if it cannot.
fn identifier_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        Some("is empty — give the agent a snake_case name such as \"researcher\"".into())
    } else if !is_snake_identifier(name) {
        let suggestion = crate::filters::snake_case(name);
        let hint = if is_snake_identifier(&suggestion)
            && !PYTHON_KEYWORDS.contains(&suggestion.as_str())
        {
            format!(", e.g. {suggestion:?}")
        } else {
            String::new()
        };
        Some(format!(
            "{} is not a snake_case identifier — use lowercase letters, digits and \
             underscores, starting with a letter, at most 30 characters{hint}",
            shown(name)
        ))
    } else if PYTHON_KEYWORDS.contains(&name) {
        Some(format!("{name:?} is a Python keyword — choose another name"))
    } else if RESERVED_AGENT_NAMES.contains(&name) {
        Some(format!(
            "{name:?} is reserved for the backend's own {name} folder or module — choose another name"
        ))
    } else {
        crate::names::collision(name)
    }
}

/// `^[a-z][a-z0-9_]{0,29}$`, not ending in `_`.
fn is_snake_identifier(name: &str) -> bool {
    name.len() <= 30
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.ends_with('_')
}

/// `^[a-z][a-z0-9-]{1,30}[a-z0-9]$` without `--`.
fn is_app_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (3..=32).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes[bytes.len() - 1] != b'-'
        && !name.contains("--")
}

/// An AWS region code such as `us-east-1` or `us-gov-west-1`.
fn is_region(region: &str) -> bool {
    // e.g. us-east-1, eu-central-2, us-gov-west-1, ap-southeast-5
    let parts: Vec<&str> = region.split('-').collect();
    let lower = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase());
    match parts.as_slice() {
        [geo, rest @ .., number] => {
            geo.len() == 2
                && lower(geo)
                && !rest.is_empty()
                && rest.len() <= 2
                && rest.iter().all(|p| lower(p))
                && !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// The first invisible or direction-changing character of free text, if any: bidi
/// overrides and isolates, zero-width characters, line and paragraph separators, the
/// byte-order mark and control characters other than newline and tab. They would land
/// raw in generated code and docs, where they can make code read differently than it runs.
fn hidden_character(text: &str) -> Option<(usize, char)> {
    text.chars().enumerate().find(|&(_, c)| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{061C}' | '\u{00AD}')
    })
}

/// What is wrong with free text that holds a [`hidden_character`], as a message.
fn hidden_character_problem(text: &str) -> Option<String> {
    let (at, c) = hidden_character(text)?;
    let what = match c {
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{200E}'
        | '\u{200F}' => "a text-direction control",
        '\u{2028}' | '\u{2029}' => "a line or paragraph separator",
        '\u{FEFF}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{00AD}' => {
            "an invisible character"
        }
        _ => "a control character",
    };
    Some(format!(
        "contains U+{:04X}, {what}, at character {} — remove it (invisible and \
         direction-changing characters would land in generated code)",
        c as u32,
        at + 1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::error_on;
    use serde_json::json;

    #[test]
    fn bad_app_names_are_refused_with_a_suggestion() {
        error_on(json!({"app_name": "My App"}), "app_name", "e.g. \"my-app\"");
        for bad in ["ab", "1app", "app-", "-app", "app_name", "a".repeat(33).as_str(), "../etc", ""]
        {
            error_on(json!({"app_name": bad}), "app_name", "not a valid app name");
        }
        for good in ["abc", "my-app-2", "a".repeat(32).as_str()] {
            assert!(validate(&json!({"app_name": good})).is_empty(), "{good}");
        }
    }

    #[test]
    fn agent_name_rules() {
        error_on(
            json!({"agents": "lead, scout, class"}),
            "agents[2].name",
            "\"class\" is a Python keyword — choose another name",
        );
        error_on(json!({"agents": "lead, api"}), "agents[1].name", "reserved");
        error_on(json!({"agents": "lead, tests"}), "agents[1].name", "reserved");
        error_on(
            json!({"agents": "lead, agents"}),
            "agents[1].name",
            "would hide the Python module",
        );
        error_on(json!({"agents": "lead, json"}), "agents[1].name", "e.g. \"json_agent\"");
        error_on(json!({"agents": "lead, scout, scout"}), "agents[2].name", "unique");
        error_on(json!({"agents": "lead, Scout-Bot"}), "agents[1].name", "e.g. \"scout_bot\"");
        error_on(
            json!({"agents": "lead, ../etc"}),
            "agents[1].name",
            "not a snake_case identifier",
        );
        error_on(
            json!({"agents": ["lead", "a/b"]}),
            "agents[1].name",
            "not a snake_case identifier",
        );
        error_on(json!({"agents": "lead,,scout"}), "agents[1].name", "is empty");
        error_on(
            json!({"agents": "lead, trailing_"}),
            "agents[1].name",
            "not a snake_case identifier",
        );
        error_on(json!({"agents": ["lead", "x".repeat(31)]}), "agents[1].name", "at most 30");
        assert!(validate(&json!({"agents": ["lead", "x".repeat(30), "match", "type"]})).is_empty());
    }

    #[test]
    fn agent_count_is_one_to_sixteen() {
        error_on(json!({"agents": []}), "agents", "has 0 agents");
        error_on(json!({"agents": ""}), "agents", "has 0 agents");
        let seventeen: Vec<String> = (0..17).map(|i| format!("agent_{i}")).collect();
        error_on(json!({"agents": seventeen}), "agents", "has 17 agents — give between 1 and 16");
        let sixteen: Vec<String> = (0..16).map(|i| format!("agent_{i}")).collect();
        assert!(validate(&json!({"agents": sixteen})).is_empty());
        assert!(validate(&json!({"agents": "solo"})).is_empty());
    }

    #[test]
    fn exactly_one_orchestrator() {
        error_on(
            json!({"agents": [{"name": "a", "role": "worker"}, {"name": "b", "role": "worker"}]}),
            "agents",
            "has no orchestrator",
        );
        error_on(
            json!({"agents": [{"name": "a", "role": "orchestrator"}, {"name": "b"}, {"name": "c", "role": "orchestrator"}]}),
            "agents[2].role",
            "second orchestrator",
        );
    }

    #[test]
    fn regions_models_and_async_service() {
        error_on(json!({"aws_region": "US-EAST-1"}), "aws_region", "not an AWS region");
        error_on(json!({"bedrock_region": "mars"}), "bedrock_region", "not an AWS region");
        for good in ["eu-central-2", "us-gov-west-1", "ap-southeast-5"] {
            assert!(validate(&json!({"aws_region": good})).is_empty(), "{good}");
        }
        error_on(json!({"bedrock_model_id": ""}), "bedrock_model_id", "not a Bedrock model id");
        error_on(json!({"bedrock_model_id": "a b"}), "bedrock_model_id", "not a Bedrock model id");
        let arn = "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.claude-v1";
        assert!(validate(&json!({"bedrock_model_id": arn})).is_empty());
        error_on(json!({"async_service": "News Feed"}), "async_service", "or \"none\"");
        error_on(json!({"async_service": "writer"}), "async_service", "also an agent name");
        assert!(validate(&json!({"async_service": "news_feed"})).is_empty());
    }

    #[test]
    fn long_free_text_is_refused() {
        error_on(
            json!({"app_description": "x".repeat(1001)}),
            "app_description",
            "longer than 1000",
        );
        error_on(
            json!({"agents": [{"name": "a", "description": "x".repeat(501)}]}),
            "agents[0].description",
            "longer than 500",
        );
    }

    #[test]
    fn names_that_would_break_the_generated_project_are_refused() {
        for (name, needle) in [
            ("typing_extensions", "would hide the Python module"),
            ("anyio", "would hide the Python module"),
            ("pydantic_core", "would hide the Python module"),
            ("annotated_types", "would hide the Python module"),
            ("griffe", "would hide the Python module"),
            ("node_modules", ".gitignore"),
            ("con", "Windows device name"),
            ("aux", "Windows device name"),
            ("nul", "Windows device name"),
            ("com1", "Windows device name"),
            ("conftest", "reserved"),
        ] {
            error_on(json!({"agents": ["lead", name]}), "agents[1].name", needle);
            error_on(json!({"async_service": name}), "async_service", needle);
        }
        // Agent results are rows, not `<name>_payload` columns: `request` is a fine name.
        assert!(validate(&json!({"agents": ["lead", "request"]})).is_empty());
        error_on(json!({"app_name": "my--app"}), "app_name", "without \"--\"");
        error_on(json!({"app_name": "my--app"}), "app_name", "e.g. \"my-app\"");
    }

    #[test]
    fn invisible_and_direction_changing_characters_are_refused_in_free_text() {
        for c in [
            '\u{202E}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{200F}', '\u{FEFF}',
            '\u{2028}', '\u{2029}', '\u{0007}', '\u{001B}', '\r',
        ] {
            let text = format!("ok {c} text");
            let code = format!("U+{:04X}", c as u32);
            error_on(json!({"app_description": text}), "app_description", &code);
            error_on(json!({"app_title": text}), "app_title", "at character 4");
            error_on(
                json!({"agents": [{"name": "lead", "description": text}]}),
                "agents[0].description",
                "remove it",
            );
        }
        let fine = "Tabs\tand\nnewlines, quotes \" and émoji 🎉 are fine; so is Ünïcödé and 中文";
        assert!(validate(&json!({"app_description": fine, "app_title": fine})).is_empty());
    }

    #[test]
    fn every_module_of_the_backend_itself_is_reserved() {
        let backend = crate::manifest::TEMPLATES.get_dir("backend").unwrap();
        for entry in backend.entries() {
            let name = entry.path().file_name().unwrap().to_str().unwrap();
            let module = name.strip_suffix(".py").unwrap_or(name);
            let is_module = entry.as_dir().is_some() || name.ends_with(".py");
            if is_module && !module.starts_with("__") {
                assert!(RESERVED_AGENT_NAMES.contains(&module), "backend/{name} is not reserved");
            }
        }
    }
}
