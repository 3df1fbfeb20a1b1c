//! The generated project as a whole: archive properties, expansion, escaping, and that no
//! input makes the generator panic.

use std::io::Read;

use create_agent_app::{Config, files, generate, plan, render, validate};
use proptest::prelude::*;
use serde_json::{Value, json};

fn config(value: Value) -> Config {
    Config::from_value(&value).unwrap_or_else(|e| panic!("{e}"))
}

/// Every option switched away from its default.
fn everything_on() -> Config {
    config(json!({
        "app_name": "loan-desk", "auth_provider": "cognito", "vectors": "s3-vectors",
        "embeddings": "bedrock-titan", "async_service": "news_feed", "observability": false,
        "guides": "minimal", "lambda_architecture": "x86_64", "snapstart": true,
        "agents": [{"name": "scout"}, {"name": "lead", "role": "orchestrator"}, {"name": "scribe"}],
    }))
}

/// (name, unix mode, contents) of every zip entry, in archive order.
fn entries(zip: &[u8]) -> Vec<(String, u32, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a valid zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut contents = Vec::new();
            entry.read_to_end(&mut contents).unwrap();
            (entry.name().unwrap().to_string(), entry.unix_mode().unwrap() & 0o777, contents)
        })
        .collect()
}

#[test]
fn same_config_gives_byte_identical_archives() {
    for config in [Config::from_value(&Value::Null).unwrap(), everything_on()] {
        assert_eq!(generate(&config).unwrap(), generate(&config).unwrap());
    }
    let reordered = config(json!({"agents": "orchestrator, writer, researcher"}));
    assert_ne!(generate(&reordered).unwrap(), generate(&config(json!({}))).unwrap());
}

#[test]
fn archive_has_one_root_sorted_entries_and_run_bits() {
    let zip = generate(&everything_on()).unwrap();
    let entries = entries(&zip);
    let names: Vec<&str> = entries.iter().map(|(n, _, _)| n.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    for (name, mode, _) in &entries {
        let relative =
            name.strip_prefix("loan-desk/").unwrap_or_else(|| panic!("{name} outside root"));
        assert!(!relative.split('/').any(|s| s.is_empty() || s == ".." || s == "."), "{name}");
        let entry_point = [
            "scripts/deploy.py",
            "scripts/destroy.py",
            "scripts/deploy_frontend.py",
            "scripts/todos.sh",
        ];
        let expected = if entry_point.contains(&relative) { 0o755 } else { 0o644 };
        assert_eq!(*mode, expected, "{name}");
    }
    assert!(names.contains(&"loan-desk/scripts/todos.sh"));
}

#[test]
fn archive_contents_equal_files_and_plan() {
    let config = everything_on();
    let files = files(&config).unwrap();
    let plan = plan(&config).unwrap();
    let entries = entries(&generate(&config).unwrap());
    assert_eq!(files.len(), entries.len());
    assert_eq!(files.len(), plan.len());
    for ((file, entry), planned) in files.iter().zip(&entries).zip(&plan) {
        assert_eq!(entry.0, format!("loan-desk/{}", file.path));
        assert_eq!(entry.2, file.contents);
        assert_eq!(
            (planned.path.as_str(), planned.size),
            (file.path.as_str(), file.contents.len())
        );
        assert_eq!(render(&config, &file.path).unwrap().as_bytes(), file.contents.as_slice());
    }
    assert!(render(&config, "../etc/passwd").is_err());
    assert!(render(&config, "backend/writer/templates.py").is_err(), "no agent called writer");
}

#[test]
fn per_agent_folders_for_one_and_sixteen_agents() {
    let mut first_migrations = None;
    for count in [1usize, 16] {
        let names: Vec<String> = (0..count).map(|i| format!("agent_{i:02}")).collect();
        let config = config(json!({"agents": names}));
        let paths: Vec<String> = files(&config).unwrap().into_iter().map(|f| f.path).collect();
        let per_agent: Vec<&String> =
            paths.iter().filter(|p| p.starts_with("backend/agent_")).collect();
        let per_agent_templates = per_agent.len() / count;
        assert!(per_agent_templates >= 2);
        for name in &names {
            let mine = paths.iter().filter(|p| p.starts_with(&format!("backend/{name}/"))).count();
            assert_eq!(mine, per_agent_templates, "{name}");
        }
        // Results are rows of job_results: no migration depends on the agents.
        let migrations: Vec<(String, String)> = paths
            .iter()
            .filter(|p| p.starts_with("backend/database/migrations/"))
            .map(|p| (p.clone(), render(&config, p).unwrap()))
            .collect();
        let names_of: Vec<&str> = migrations.iter().map(|(p, _)| p.as_str()).collect();
        // Applied in file-name order: the forward migrations between jobs and the domain.
        let mut in_order = names_of.clone();
        in_order.sort_unstable();
        assert_eq!(
            in_order[..6],
            [
                "001_schema.sql",
                "001_v2_job_results.sql",
                "001_v3_agent_usage.sql",
                "001_v4_job_tool_calls.sql",
                "001_v5_job_quality.sql",
                "002_domain.sql"
            ]
            .map(|f| format!("backend/database/migrations/{f}"))
        );
        for (path, sql) in &migrations {
            assert!(!names.iter().any(|n| sql.contains(n.as_str())), "{path} names an agent");
        }
        match &first_migrations {
            None => first_migrations = Some(migrations),
            Some(first) => assert_eq!(first, &migrations, "migrations differ by agent list"),
        }
        let readme = render(&config, "README.md").unwrap();
        assert!(names.iter().all(|n| readme.contains(&format!("`backend/{n}/templates.py`"))));
    }
}

/// Jinja constructs that must never survive rendering: statements, comments and
/// `{{ name }}` / `{{ name | filter }}` expressions. Braces alone are fine: Python, HCL and
/// JSON use them (`}}` closes nested dicts).
fn jinja_leftovers() -> regex::Regex {
    regex::Regex::new(
        r"\{%-?\s|\s-?%\}|\{#|#\}|\{\{-?\s*[A-Za-z_][\w.]*\s*(\|[^{}]*)?-?\}\}|__agent__|__service__",
    )
    .unwrap()
}

#[test]
fn no_template_syntax_is_left_in_rendered_files() {
    let jinja = jinja_leftovers();
    for config in [config(json!({})), everything_on(), config(json!({"agents": "solo"}))] {
        for file in files(&config).unwrap() {
            if file.path.starts_with(".github/workflows/") {
                continue; // verbatim: GitHub's own `${{ }}` expressions
            }
            let text = String::from_utf8(file.contents).unwrap();
            if let Some(found) = jinja.find(&text) {
                panic!("{} contains template syntax {:?}", file.path, found.as_str());
            }
        }
    }
}

#[test]
fn the_template_syntax_check_catches_what_it_is_for() {
    let jinja = jinja_leftovers();
    for leftover in [
        "{{ app_name }}",
        "{{agent.name|kebab}}",
        "{% if x %}",
        "{# note #}",
        "backend/__agent__/x",
        "backend/__service__/x",
    ] {
        assert!(jinja.is_match(leftover), "{leftover}");
    }
    for fine in [r#"{"a": {"b": 1}}"#, "f\"{x}\"", "${var.app_name}", "{ a = 1 }"] {
        assert!(!jinja.is_match(fine), "{fine}");
    }
}

#[test]
fn answers_file_regenerates_the_same_project() {
    let original = everything_on();
    let answers = render(&original, ".create-agent-app.json").unwrap();
    let answers: Value = serde_json::from_str(&answers).unwrap();
    assert_eq!(answers["generator"], "create-agent-app");
    assert_eq!(answers["version"], env!("CARGO_PKG_VERSION"));
    let again = Config::from_value(&answers["config"]).unwrap();
    assert_eq!(again, original);
    assert_eq!(generate(&again).unwrap(), generate(&original).unwrap());
}

#[test]
fn hostile_free_text_lands_only_as_escaped_literals() {
    let hostile = "x\" \\ \n{{ y }} ${z} %{w} </script> `rm` # *";
    let config = config(json!({
        "app_description": hostile, "app_title": hostile,
        "agents": [{"name": "lead", "description": hostile}, {"name": "helper", "description": hostile}],
    }));
    for file in files(&config).unwrap() {
        let text = String::from_utf8(file.contents).unwrap();
        assert!(!text.contains(hostile), "{} holds the raw text", file.path);
        // Where a browser may read the file, the text cannot close a tag.
        if [".md", ".ts", ".tsx", ".js", ".html"].iter().any(|ext| file.path.ends_with(ext)) {
            assert!(!text.contains("</script>"), "{}", file.path);
        }
    }
    let py = render(&config, "backend/helper/templates.py").unwrap();
    let literal = create_agent_app::filters::escape_py(hostile);
    assert!(py.contains(&format!("APP_DESCRIPTION = {literal}\n")));
    assert!(py.contains(&format!("AGENT_DESCRIPTION = {literal}\n")));
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        ".*".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(".*", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Config-shaped input with arbitrary values: reaches rendering far more often.
fn config_like() -> impl Strategy<Value = Value> {
    // Every field the configuration has, so a new option is fuzzed without editing this list.
    let fields: Vec<String> = match serde_json::to_value(create_agent_app::defaults()) {
        Ok(Value::Object(map)) => map.keys().cloned().collect(),
        other => panic!("defaults() serialize to an object, not {other:?}"),
    };
    let field = prop::sample::select(fields);
    let text = prop_oneof![".*", "[a-z][a-z0-9_-]{0,12}", Just("none".to_string())];
    let value = prop_oneof![
        text.clone().prop_map(Value::from),
        prop::collection::vec(text.clone(), 0..4).prop_map(Value::from),
        prop::collection::vec((text.clone(), text), 0..3).prop_map(|agents| {
            Value::from(
                agents
                    .into_iter()
                    .map(|(n, d)| json!({"name": n, "description": d}))
                    .collect::<Vec<_>>(),
            )
        }),
        arbitrary_json(),
    ];
    prop::collection::btree_map(field, value, 0..6)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_json_never_panics(input in arbitrary_json()) {
        let _ = validate(&input);
        if let Ok(config) = Config::from_value(&input) {
            generate(&config).unwrap();
        }
    }

    #[test]
    fn config_shaped_input_validates_or_generates(input in config_like()) {
        let errors = validate(&input);
        match Config::from_value(&input) {
            Ok(config) => {
                prop_assert!(errors.is_empty());
                prop_assert!(generate(&config).is_ok());
            }
            Err(e) => {
                prop_assert_eq!(e.fields(), errors.as_slice());
                prop_assert!(errors.iter().all(|e| !e.message.is_empty()));
            }
        }
    }
}
