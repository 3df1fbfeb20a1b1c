//! Every AWS name the generated Terraform builds fits its service's limit at the longest
//! names validation accepts, and `aws_names::NAMES` (what validation checks) is exactly
//! what the templates build: a template that adds or lengthens a name fails here.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use create_agent_app::aws_names::{NAMES, names};
use create_agent_app::{Config, render, validate};
use regex::Regex;
use serde_json::{Value, json};

/// Attributes that name an AWS resource (or a local that feeds one).
const NAME_ATTRIBUTES: &[&str] = &[
    "name",
    "name_prefix",
    "function_name",
    "alarm_name",
    "dashboard_name",
    "namespace",
    "bucket",
    "domain",
    "cluster_identifier",
    "identifier",
    "final_snapshot_identifier",
    "metric_name",
    "queue_name",
    "topic_name",
    "role_name",
    "policy_name",
    "schedule_name",
    "group_name",
    "table_name",
    "secret_name",
    "log_group_name",
    "vector_bucket",
    "collection",
    "service",
    "runs_table",
];

/// (file, block, attribute, value) of every name-like attribute in Terraform text whose
/// value is built from the config (mentions the app name, a local, an agent, the async
/// service or the module's function name).
fn name_attributes(file: &str, text: &str) -> Vec<(String, String, String, String)> {
    static PATTERNS: LazyLock<[Regex; 4]> = LazyLock::new(|| {
        [
            Regex::new(r#"^(resource|data|module) "([^"]+)""#).unwrap(),
            Regex::new(r"^\s+(\w+)\s*=\s*(.+?)\s*$").unwrap(),
            Regex::new(r#""(?:[^"\\]|\\.)*""#).unwrap(),
            Regex::new(r"^(var\.app_name|var\.function_name|local\.\w+)$").unwrap(),
        ]
    });
    let [block, attribute, literal, bare] = &*PATTERNS;
    let mut current: Option<String> = None;
    let mut found = Vec::new();
    for line in text.lines() {
        if let Some(m) = block.captures(line) {
            current = Some(if &m[1] == "resource" { m[2].to_string() } else { m[1].to_string() });
            continue;
        }
        if line.starts_with("locals {") {
            current = Some("locals".into());
            continue;
        }
        if line.starts_with('}') {
            current = None;
            continue;
        }
        let (Some(block), Some(m)) = (&current, attribute.captures(line)) else { continue };
        if block == "data" || !NAME_ATTRIBUTES.contains(&&m[1]) {
            continue;
        }
        let value = m[2].to_string();
        // A conditional's string branch (`cond ? "…" : null`) counts as the value.
        let value = if bare.is_match(&value) || (value.starts_with('"') && value.ends_with('"')) {
            value
        } else if let Some(l) = literal.find_iter(&value).find(|l| l.as_str().contains("${")) {
            l.as_str().to_string()
        } else {
            continue;
        };
        let from_config =
            ["var.app_name", "var.function_name", "local.", "async_service", "each.key"]
                .iter()
                .any(|s| value.contains(s));
        if from_config {
            found.push((file.to_string(), block.clone(), m[1].to_string(), value));
        }
    }
    found
}

fn template_files() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/terraform");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "tf") {
                let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_name_table_is_exactly_what_the_templates_build() {
    let mut in_templates: Vec<(String, String, String, String)> = template_files()
        .iter()
        .flat_map(|(file, text)| name_attributes(file, text))
        // Locals that only repeat a name made elsewhere (for references, not resources).
        .filter(|(_, block, attribute, _)| {
            block != "locals"
                || ["vector_bucket", "collection", "service", "runs_table"]
                    .contains(&attribute.as_str())
        })
        .collect();
    let mut in_table: Vec<(String, String, String, String)> = NAMES
        .iter()
        .map(|p| (p.file.into(), p.block.into(), p.attribute.into(), p.template.into()))
        .collect();
    in_templates.sort();
    in_table.sort();
    let missing: Vec<_> = in_templates.iter().filter(|n| !in_table.contains(n)).collect();
    let stale: Vec<_> = in_table.iter().filter(|n| !in_templates.contains(n)).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "src/aws_names.rs NAMES is out of step with templates/terraform:\n  in the templates, \
         not in NAMES (add each with its AWS limit): {missing:#?}\n  in NAMES, not in the \
         templates: {stale:#?}"
    );
}

/// Every option set, with the longest names validation accepts for it: 16 agents of 30
/// characters, a 30-character service and the longest app name that validates.
fn longest_configs() -> Vec<Value> {
    let agents: Vec<String> = (0..16).map(|i| format!("{}{i:02}", "x".repeat(28))).collect();
    let service = "s".repeat(30);
    let mut out = Vec::new();
    let stores = [
        ("none", "sagemaker"),
        ("s3-vectors", "sagemaker"),
        ("s3-vectors", "bedrock-titan"),
        ("opensearch", "sagemaker"),
        ("opensearch", "bedrock-titan"),
    ];
    for (vectors, embeddings) in stores {
        for (auth, observability, guardrails) in
            [("clerk", true, "none"), ("cognito", false, "bedrock")]
        {
            for async_service in ["none", service.as_str()] {
                {
                    {
                        let config = |app: String| {
                            json!({
                                "app_name": app, "vectors": vectors, "embeddings": embeddings,
                                "auth_provider": auth, "async_service": async_service,
                                "observability": observability, "agents": agents,
                                "guardrails": guardrails,
                            })
                        };
                        let longest = (3..=32)
                            .rev()
                            .map(|n| config(format!("a{}", "b".repeat(n - 1))))
                            .find(|c| validate(c).is_empty())
                            .expect("some app name validates");
                        out.push(longest);
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_rendered_name_fits_its_limit_at_the_longest_accepted_names() {
    let configs = longest_configs();
    let mut longest_app: BTreeMap<String, usize> = BTreeMap::new();
    let literal_names = Regex::new(r"\$\{([^}]*)\}").unwrap();
    let mut checked = 0;
    let terraform = template_files();
    for value in &configs {
        let config = Config::from_value(value).unwrap();
        let app = &config.app_name;
        longest_app.insert(format!("vectors={}", value["vectors"]), app.len());
        // The core's own expansion: every name within its limit.
        for name in names(&config) {
            assert!(
                name.name.len() <= name.pattern.limit,
                "{} {:?} is {} > {} for {value}",
                name.pattern.what,
                name.name,
                name.name.len(),
                name.pattern.limit
            );
        }
        // Independently, from the rendered Terraform: each name built from the config,
        // with the app name, account and file locals filled in, fits the limit of its
        // entry; and the entries that apply are exactly the ones rendered.
        let mut rendered_keys = Vec::new();
        for (rel, _) in &terraform {
            // Only the Terraform is rendered (every file would take long in a debug build).
            let Ok(text) = render(&config, &format!("terraform/{rel}")) else { continue };
            let attributes = name_attributes(rel, &text);
            let locals: BTreeMap<String, String> = attributes
                .iter()
                .filter(|(_, b, _, _)| b == "locals")
                .map(|(_, _, a, v)| (a.clone(), v.clone()))
                .collect();
            for (file, block, attribute, value) in attributes {
                if block == "locals"
                    && !["vector_bucket", "collection", "service", "runs_table"]
                        .contains(&attribute.as_str())
                {
                    continue;
                }
                let entry = NAMES
                    .iter()
                    .filter(|p| p.file == file && p.block == block && p.attribute == attribute)
                    .max_by_key(|p| p.limit)
                    .unwrap_or_else(|| {
                        panic!("{file}: {block}.{attribute} = {value} is not in NAMES")
                    });
                rendered_keys.push((file.clone(), block.clone(), attribute.clone()));
                if entry.limit == 0 {
                    continue;
                }
                let mut resolved = value.clone();
                for _ in 0..3 {
                    if let Some(local) = resolved.strip_prefix("local.") {
                        resolved = locals[local].clone();
                    }
                    for (name, local) in &locals {
                        resolved = resolved
                            .replace(&format!("${{local.{name}}}"), local.trim_matches('"'));
                    }
                }
                let resolved = if resolved == "var.app_name" { app.clone() } else { resolved };
                let resolved = resolved
                    .trim_matches('"')
                    .replace("${var.app_name}", app)
                    .replace("${local.account}", "123456789012");
                if literal_names.is_match(&resolved) || resolved.starts_with("var.") {
                    continue; // for_each keys and module inputs: the core's expansion above
                }
                checked += 1;
                assert!(
                    resolved.len() <= entry.limit,
                    "{file}: {block}.{attribute} {resolved:?} is {} > {} ({}) for {value}",
                    resolved.len(),
                    entry.limit,
                    entry.what
                );
            }
        }
        let mut expected: Vec<(String, String, String)> = NAMES
            .iter()
            .filter(|p| (p.when)(&config))
            .map(|p| (p.file.to_string(), p.block.to_string(), p.attribute.to_string()))
            .collect();
        rendered_keys.sort();
        expected.sort();
        assert_eq!(rendered_keys, expected, "the `when` of NAMES entries for {value}");
    }
    assert!(checked > 500, "{checked} rendered names checked");
    assert_eq!(longest_app["vectors=\"opensearch\""], 24);
    assert_eq!(longest_app["vectors=\"none\""], 32);
    assert_eq!(longest_app["vectors=\"s3-vectors\""], 32);
}

#[test]
fn a_too_long_app_name_names_the_aws_name_it_breaks() {
    let errors = validate(&json!({"app_name": "a".repeat(25), "vectors": "opensearch"}));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "app_name");
    assert_eq!(
        errors[0].message,
        format!(
            "{:?} is too long for the OpenSearch Serverless collection name \"{}-vectors\" (33 > 32) — use at most 24 characters with these options",
            "a".repeat(25),
            "a".repeat(25)
        )
    );
}
