//! Reading a config field by field: each field is type-checked on its own, so that one
//! bad field does not hide another; oversized values are refused by size before any
//! per-item work; unknown fields get a suggestion; every user value a message quotes is
//! cut short.

use serde_json::Value;

use super::{Config, MAX_AGENTS, SHOWN_CHARS, as_object, shown};
use crate::error::FieldError;

/// Type-checks each field on its own, so that one bad field does not hide another.
pub(super) fn parse(value: &Value) -> (Option<Config>, Vec<FieldError>) {
    let input = match value {
        Value::Null => return (Some(Config::default()), Vec::new()),
        Value::Object(map) => map,
        other => {
            let msg = format!("expected a JSON object of settings, got {}", kind_of(other));
            return (None, vec![FieldError::new("", msg)]);
        }
    };
    let defaults = as_object(&Config::default());
    let mut merged = defaults.clone();
    let mut errors = Vec::new();
    let unknown = input.keys().filter(|k| !defaults.contains_key(*k)).count();
    if unknown > MAX_UNKNOWN_FIELDS {
        let message = format!(
            "has {unknown} unknown fields — remove them; valid fields are {}",
            defaults.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
        );
        errors.push(FieldError::new("", message));
    }
    for (key, field_value) in input {
        if !defaults.contains_key(key) {
            if unknown <= MAX_UNKNOWN_FIELDS {
                errors.push(unknown_field(key, defaults.keys()));
            }
            continue;
        }
        // Sizes first: a huge value is refused before any per-item work or echo.
        if let Some(error) = oversized(key, field_value) {
            errors.push(error);
            continue;
        }
        let mut trial = defaults.clone();
        trial.insert(key.clone(), field_value.clone());
        match serde_path_to_error::deserialize::<_, Config>(Value::Object(trial)) {
            Ok(_) => {
                merged.insert(key.clone(), field_value.clone());
            }
            Err(err) => {
                let field = err.path().to_string();
                let field = if field == "." { key.clone() } else { cut_field(field) };
                let mut message = err.inner().to_string();
                if let Value::String(text) = field_value {
                    // serde quotes the value whole in "unknown variant" messages.
                    if text.chars().count() > SHOWN_CHARS {
                        message = message.replace(text.as_str(), shown(text).trim_matches('"'));
                    }
                }
                errors.push(FieldError::new(field, type_message(&message)));
            }
        }
    }
    let config = serde_json::from_value(Value::Object(merged)).ok();
    (config, errors)
}

/// Most unknown fields reported one by one; more are summarised in one error.
const MAX_UNKNOWN_FIELDS: usize = 10;

/// Longest string any field takes (the model id's 2,048 characters); longer values are
/// refused by length alone.
const MAX_STRING: usize = 2048;

/// The size error for a field whose value is too big to look at item by item: a string
/// longer than any field takes, more agents than allowed, an oversized agent entry.
fn oversized(key: &str, value: &Value) -> Option<FieldError> {
    let too_long = |field: String, text: &str| {
        let n = text.chars().count();
        (n > MAX_STRING).then(|| {
            FieldError::new(
                field,
                format!("is {n} characters long — far longer than any value it takes; shorten it"),
            )
        })
    };
    let too_many = |n: usize| {
        FieldError::new("agents", format!("has {n} agents — give between 1 and {MAX_AGENTS}"))
    };
    match (key, value) {
        ("agents", Value::String(text)) => {
            let n = if text.trim().is_empty() { 0 } else { text.split(',').count() };
            if n > MAX_AGENTS {
                return Some(too_many(n));
            }
            too_long(key.into(), text)
        }
        ("agents", Value::Array(items)) => {
            if items.len() > MAX_AGENTS {
                return Some(too_many(items.len()));
            }
            items.iter().enumerate().find_map(|(i, item)| match item {
                Value::String(name) => too_long(format!("agents[{i}]"), name),
                Value::Object(fields) => fields.iter().find_map(|(k, v)| match v {
                    Value::String(text) => {
                        too_long(format!("agents[{i}].{}", shown(k).trim_matches('"')), text)
                    }
                    _ => None,
                }),
                _ => None,
            })
        }
        (_, Value::String(text)) => too_long(key.into(), text),
        _ => None,
    }
}

/// The error for an unknown top-level field: the closest known field, or all of them.
fn unknown_field<'a>(key: &str, known: impl Iterator<Item = &'a String>) -> FieldError {
    let known: Vec<&String> = known.collect();
    let closest = known
        .iter()
        .filter(|_| key.len() <= 64)
        .map(|k| (strsim::jaro_winkler(key, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let fix = match closest {
        Some((_, k)) => format!("did you mean \"{k}\"?"),
        None => format!(
            "remove it; valid fields are {}",
            known.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
        ),
    };
    let field = if key.chars().count() > SHOWN_CHARS {
        shown(key).trim_matches('"').to_string()
    } else {
        key.to_string()
    };
    FieldError::new(field, format!("unknown field — {fix}"))
}

/// A serde error message as users read it: their spelling of values, quotes cut short.
fn type_message(msg: &str) -> String {
    // serde names enum choices as `a`, `b`; say it as users will type it.
    let mut msg = cut_quotes(&msg.replace('`', "\""));
    // Whatever a value held, the message stays short.
    if let Some((end, _)) = msg.char_indices().nth(400) {
        msg = format!("{}…", &msg[..end]);
    }
    if msg.starts_with("unknown variant") {
        format!("{msg} — pick one of those values")
    } else if msg.starts_with("unknown field") {
        format!("{msg} — remove or rename it")
    } else {
        msg
    }
}

/// `text` with every "quoted" part longer than 40 characters cut: serde quotes the
/// user's values and keys in its messages.
fn cut_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(1000));
    for (i, part) in text.split('"').enumerate() {
        if i > 0 {
            out.push('"');
        }
        match part.char_indices().nth(SHOWN_CHARS) {
            Some((end, _)) if i % 2 == 1 => {
                out.push_str(&part[..end]);
                out.push('…');
            }
            _ => out.push_str(part),
        }
    }
    out
}

/// A field path cut for display: a path names a user's key when it is unknown.
fn cut_field(field: String) -> String {
    match field.char_indices().nth(2 * SHOWN_CHARS) {
        Some((end, _)) => format!("{}…", &field[..end]),
        None => field,
    }
}

/// What a JSON value is, for a message.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use crate::config::tests::{error_on, errors};
    use crate::error::FieldError;
    use serde_json::{Value, json};

    #[test]
    fn unknown_values_fields_and_types_name_their_field() {
        error_on(
            json!({"auth_provider": "okta"}),
            "auth_provider",
            "unknown variant \"okta\", expected \"clerk\" or \"cognito\"",
        );
        error_on(json!({"vectors": "pinecone"}), "vectors", "unknown variant");
        error_on(json!({"lambda_architecture": "arm"}), "lambda_architecture", "\"arm64\"");
        error_on(
            json!({"agents": [{"name": "a", "role": "boss"}]}),
            "agents[0].role",
            "unknown variant",
        );
        error_on(
            json!({"agents": [{"name": "a", "rol": "worker"}]}),
            "agents[0].rol",
            "unknown field \"rol\"",
        );
        error_on(
            json!({"agents": [{"name": "a"}, 7]}),
            "agents[1]",
            "expected an agent name or an object",
        );
        error_on(json!({"app_nme": "x"}), "app_nme", "did you mean \"app_name\"?");
        error_on(json!({"colour": "blue"}), "colour", "valid fields are app_name, app_description");
        error_on(json!({"observability": "yes"}), "observability", "expected a boolean");
        error_on(json!({"snapstart": "true"}), "snapstart", "expected a boolean");
        error_on(json!({"snapstart": 1}), "snapstart", "expected a boolean");
        error_on(json!({"snap_start": true}), "snap_start", "did you mean \"snapstart\"?");
        error_on(json!({"guardrails": "aws"}), "guardrails", "\"bedrock\"");
        error_on(json!({"guardrails": "yes"}), "guardrails", "expected \"none\" or \"bedrock\"");
        error_on(json!({"app_name": 5}), "app_name", "expected a string");
        error_on(json!([1, 2]), "", "expected a JSON object");
    }

    #[test]
    fn huge_values_are_refused_early_and_never_echoed_whole() {
        let names: Vec<String> = (0..100_000).map(|i| format!("agent_{i}")).collect();
        let start = std::time::Instant::now();
        let found = errors(json!({"agents": names.join(",")}));
        assert_eq!(
            found,
            vec![FieldError::new("agents", "has 100000 agents — give between 1 and 16")]
        );
        let found = errors(json!({"agents": names}));
        assert_eq!(
            found,
            vec![FieldError::new("agents", "has 100000 agents — give between 1 and 16")]
        );
        assert!(start.elapsed().as_secs_f64() < 2.0, "{:?}", start.elapsed());

        let huge = "x".repeat(10_000_000);
        for field in [
            "app_name",
            "app_description",
            "auth_provider",
            "aws_region",
            "bedrock_model_id",
            "agents",
            "async_service",
            "guides",
            "snapstart",
            "guardrails",
        ] {
            let found = errors(json!({field: huge}));
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].field, field);
            assert!(found[0].message.contains("10000000 characters long"), "{}", found[0].message);
        }
        let found = errors(json!({"agents": [{"name": huge}]}));
        assert_eq!(found[0].field, "agents[0].name");
        let found = errors(json!({huge.clone(): 1}));
        assert!(found[0].field.len() < 100 && found[0].message.len() < 500);
        // Values shorter than the size limit are quoted cut to 40 characters.
        let long = "Y".repeat(2000);
        for field in ["app_name", "aws_region", "auth_provider", "vectors", "async_service"] {
            let found = errors(json!({field: long}));
            assert!(found[0].message.len() < 500, "{field}: {}", found[0].message);
            assert!(
                found[0].message.contains(&format!("{}…", "Y".repeat(40))),
                "{}",
                found[0].message
            );
        }
        let found = errors(json!({"agents": ["lead", long]}));
        assert!(found[0].message.len() < 500, "{}", found[0].message);
        let many: serde_json::Map<String, Value> =
            (0..1000).map(|i| (format!("f{i}"), json!(1))).collect();
        let found = errors(Value::Object(many));
        assert_eq!(found.len(), 1);
        assert!(found[0].message.starts_with("has 1000 unknown fields"));
    }
}
