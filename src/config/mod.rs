//! The generator's configuration: one type that yields the defaults, the JSON Schema and
//! the validation rules.
//!
//! ```
//! use create_agent_app::Config;
//! let config = Config::from_json(r#"{"app_name": "loan-desk", "agents": "planner, scorer"}"#).unwrap();
//! assert_eq!(config.orchestrator().name, "planner");
//! assert_eq!(config.app_title, "Loan Desk");
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, FieldError};

/// Most agents one project may have.
pub const MAX_AGENTS: usize = 16;

/// Names an agent cannot take: they are the generated backend's own folders and modules.
pub const RESERVED_AGENT_NAMES: &[&str] = &[
    "api",
    "database",
    "dist",
    "framework",
    "frontend",
    "conftest",
    "ingest",
    "lambda_handler",
    "run_job",
    "scripts",
    "tests",
];

const PYTHON_KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// create-agent-app configuration
///
/// Everything the generator needs to write a project. Every field has a default, so `{}`
/// is a valid configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    #[schemars(title = "App name")]
    /// Lowercase letters, digits and hyphens, 3–32 characters, starting with a letter.
    /// Names the project folder and prefixes every AWS resource.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]{1,30}[a-z0-9]$"), length(min = 3, max = 32))]
    pub app_name: String,

    #[schemars(title = "Description")]
    /// One or two sentences on what the app does. Shown in the README, the web page and
    /// the agents' instructions.
    #[schemars(length(max = 1000))]
    pub app_description: String,

    #[schemars(title = "Title")]
    /// Human-readable name. Leave empty to derive it from the app name
    /// (`loan-desk` → `Loan Desk`).
    #[schemars(length(max = 100))]
    pub app_title: String,

    #[schemars(title = "AWS region")]
    /// Region for the app's resources, e.g. `us-east-1` or `eu-west-1`.
    #[schemars(regex(pattern = r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$"))]
    pub aws_region: String,

    #[schemars(title = "Bedrock region")]
    /// Region where the Bedrock model is called; it may differ from the AWS region.
    #[schemars(regex(pattern = r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$"))]
    pub bedrock_region: String,

    #[schemars(title = "Bedrock model")]
    /// Bedrock model id, inference-profile id or ARN the agents use.
    #[schemars(length(min = 1, max = 2048))]
    pub bedrock_model_id: String,

    #[schemars(title = "Agents")]
    /// The app's agents: a list of `{name, role, description}` or a comma-separated string
    /// of names. Names are snake_case. Exactly one agent is the orchestrator (the first,
    /// unless a role says otherwise); the rest are workers it calls.
    #[serde(deserialize_with = "deserialize_agents")]
    #[schemars(length(min = 1, max = 16))]
    pub agents: Vec<Agent>,

    #[schemars(title = "Sign-in provider")]
    /// Who issues the users' JWTs: Clerk or Amazon Cognito.
    pub auth_provider: AuthProvider,

    #[schemars(title = "Vector store")]
    /// Knowledge base for the agents: none, S3 Vectors or OpenSearch Serverless.
    pub vectors: Vectors,

    #[schemars(title = "Embeddings", extend("x-hidden-when" = {"vectors": "none"}))]
    /// Embedding model for the vector store (used only when a vector store is chosen).
    pub embeddings: Embeddings,

    #[schemars(title = "Async service")]
    /// `none`, or the snake_case name of a scheduled agent that feeds the app (for
    /// example `researcher`): a Lambda function EventBridge Scheduler runs.
    pub async_service: String,

    #[schemars(title = "Observability")]
    /// LangFuse tracing of agent runs plus a CloudWatch dashboard and alarms.
    pub observability: bool,

    #[schemars(title = "Guides")]
    /// How much the step-by-step deployment guides explain.
    pub guides: Guides,

    #[schemars(title = "Lambda architecture")]
    /// CPU architecture of the Lambda functions (arm64 is cheaper per second).
    pub lambda_architecture: LambdaArchitecture,
}

/// One agent of the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    #[schemars(title = "Name")]
    /// snake_case Python identifier, at most 30 characters; names the agent's folder,
    /// Lambda function and result column.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_]{0,28}[a-z0-9]?$"))]
    pub name: String,

    #[schemars(title = "Role")]
    /// `orchestrator` (receives the job and calls the workers) or `worker`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,

    #[schemars(title = "Description")]
    /// What this agent does, in a sentence; seeds its instructions.
    #[serde(default)]
    #[schemars(length(max = 500))]
    pub description: String,
}

/// What an agent does in the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Receives the job from the queue and delegates to the workers.
    Orchestrator,
    /// Does one part of the job when the orchestrator calls it.
    Worker,
}

/// Who issues the JWTs the API accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AuthProvider {
    /// Clerk (hosted sign-in; the source app's choice).
    #[default]
    Clerk,
    /// Amazon Cognito user pool.
    Cognito,
}

/// The agents' knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Vectors {
    /// No vector store.
    #[default]
    None,
    /// Amazon S3 Vectors bucket and index.
    S3Vectors,
    /// Amazon OpenSearch Serverless vector collection.
    Opensearch,
}

/// Where embeddings come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Embeddings {
    /// A SageMaker serverless endpoint running a sentence-transformers model.
    #[default]
    Sagemaker,
    /// Amazon Titan text embeddings on Bedrock.
    BedrockTitan,
}

/// How much the guides explain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Guides {
    /// Every step with its why, costs and troubleshooting.
    #[default]
    Full,
    /// The commands with one line of context each.
    Quickstart,
    /// Commands only.
    Minimal,
}

/// CPU architecture of the Lambda functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
pub enum LambdaArchitecture {
    /// AWS Graviton.
    #[default]
    #[serde(rename = "arm64")]
    Arm64,
    /// Intel/AMD.
    #[serde(rename = "x86_64")]
    X86_64,
}

impl Default for Config {
    fn default() -> Self {
        let agent = |name: &str, description: &str| Agent {
            name: name.into(),
            role: None,
            description: description.into(),
        };
        Config {
            app_name: "my-agent-app".into(),
            app_description:
                "A team of AI agents that research a question and write up the answer.".into(),
            app_title: String::new(),
            aws_region: "us-east-1".into(),
            bedrock_region: "us-west-2".into(),
            bedrock_model_id: "us.amazon.nova-pro-v1:0".into(),
            agents: vec![
                agent("orchestrator", "Plans the job, calls the workers and writes the summary."),
                agent("researcher", "Gathers the facts the job needs."),
                agent("writer", "Turns the findings into a clear report."),
            ],
            auth_provider: AuthProvider::Clerk,
            vectors: Vectors::None,
            embeddings: Embeddings::Sagemaker,
            async_service: "none".into(),
            observability: true,
            guides: Guides::Full,
            lambda_architecture: LambdaArchitecture::Arm64,
        }
    }
}

impl Config {
    /// Parses, validates and normalises a configuration given as JSON text.
    pub fn from_json(text: &str) -> Result<Config, Error> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::Invalid(vec![FieldError::new("", format!("not valid JSON: {e}"))])
        })?;
        Config::from_value(&value)
    }

    /// Parses, validates and normalises a configuration. Missing fields take their
    /// defaults; every problem is reported at once, each naming its field.
    pub fn from_value(value: &Value) -> Result<Config, Error> {
        let (config, mut errors) = parse(value);
        if let Some(config) = &config {
            errors.extend(check_rules(config));
        }
        match config {
            Some(config) if errors.is_empty() => Ok(config.normalized()),
            _ => Err(Error::Invalid(in_field_order(errors))),
        }
    }

    /// The orchestrator agent. Only meaningful on a validated config.
    pub fn orchestrator(&self) -> &Agent {
        self.agents.iter().find(|a| a.role == Some(Role::Orchestrator)).unwrap_or(&self.agents[0])
    }

    /// Fills what the user may leave implicit: the title and every agent's role.
    fn normalized(mut self) -> Config {
        if self.app_title.trim().is_empty() {
            self.app_title = crate::filters::title_case(&self.app_name);
        }
        let has_orchestrator = self.agents.iter().any(|a| a.role == Some(Role::Orchestrator));
        for (i, agent) in self.agents.iter_mut().enumerate() {
            if agent.role.is_none() {
                let first_by_default = i == 0 && !has_orchestrator;
                agent.role = Some(if first_by_default { Role::Orchestrator } else { Role::Worker });
            }
        }
        self
    }
}

/// Sorts errors the way the fields are declared (and a form shows them); unknown fields
/// last. The sort is stable, so errors on one field keep their order.
fn in_field_order(mut errors: Vec<FieldError>) -> Vec<FieldError> {
    let fields = as_object(&Config::default());
    let rank = |e: &FieldError| {
        let top = e.field.split(['[', '.']).next().unwrap_or_default();
        fields.keys().position(|k| k == top).unwrap_or(fields.len())
    };
    errors.sort_by_key(rank);
    errors
}

/// Every problem with `value` as a configuration, each naming its field; empty when valid.
pub fn validate(value: &Value) -> Vec<FieldError> {
    match Config::from_value(value) {
        Ok(_) => Vec::new(),
        Err(Error::Invalid(errors)) => errors,
        Err(other) => vec![FieldError::new("", other.to_string())],
    }
}

/// The JSON Schema of [`Config`]: the single source for the web form, the CLI prompts and
/// the options reference.
pub fn schema() -> Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(Config)).expect("serialises");
    unwrap_descriptions(&mut schema);
    schema
}

/// Doc comments are wrapped for the source; a form or prompt wants one line per paragraph.
fn unwrap_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                match item {
                    Value::String(text) if key == "description" => {
                        *text = text
                            .split("\n\n")
                            .map(|p| p.replace('\n', " "))
                            .collect::<Vec<_>>()
                            .join("\n\n");
                    }
                    _ => unwrap_descriptions(item),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// Type-checks each field on its own, so that one bad field does not hide another.
fn parse(value: &Value) -> (Option<Config>, Vec<FieldError>) {
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

/// Characters of a user's value quoted back in a message.
const SHOWN_CHARS: usize = 40;

/// `value` quoted for a message, cut to its first 40 characters.
pub(crate) fn shown(value: &str) -> String {
    match value.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{:?}", format!("{}…", &value[..end])),
        None => format!("{value:?}"),
    }
}

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

/// Accepts agents as `"a, b, c"`, `["a", "b"]` or `[{name, role, description}, …]`.
/// Elements are deserialized in place, so errors keep their path (`agents[1].role`).
fn deserialize_agents<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Agent>, D::Error> {
    use serde::de::{MapAccess, SeqAccess, Visitor, value::MapAccessDeserializer};
    use std::fmt::Formatter;

    struct AgentsVisitor;
    impl<'de> Visitor<'de> for AgentsVisitor {
        type Value = Vec<Agent>;
        fn expecting(&self, f: &mut Formatter) -> std::fmt::Result {
            f.write_str("a comma-separated string of names or a list of agents")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Vec<Agent>, E> {
            if text.trim().is_empty() {
                return Ok(Vec::new());
            }
            Ok(text.split(',').map(|name| Agent::named(name.trim())).collect())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Agent>, A::Error> {
            let mut agents = Vec::new();
            while let Some(AgentEntry(agent)) = seq.next_element()? {
                agents.push(agent);
            }
            Ok(agents)
        }
    }

    /// One list element: a bare name or a full agent object.
    struct AgentEntry(Agent);
    impl<'de> Deserialize<'de> for AgentEntry {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct EntryVisitor;
            impl<'de> Visitor<'de> for EntryVisitor {
                type Value = AgentEntry;
                fn expecting(&self, f: &mut Formatter) -> std::fmt::Result {
                    f.write_str("an agent name or an object {name, role, description}")
                }
                fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<AgentEntry, E> {
                    Ok(AgentEntry(Agent::named(name)))
                }
                fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<AgentEntry, M::Error> {
                    Agent::deserialize(MapAccessDeserializer::new(map)).map(AgentEntry)
                }
            }
            deserializer.deserialize_any(EntryVisitor)
        }
    }

    deserializer.deserialize_any(AgentsVisitor)
}

impl Agent {
    fn named(name: &str) -> Agent {
        Agent { name: name.to_string(), role: None, description: String::new() }
    }
}

/// The rules a well-typed config must also meet.
fn check_rules(config: &Config) -> Vec<FieldError> {
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

fn is_app_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (3..=32).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes[bytes.len() - 1] != b'-'
        && !name.contains("--")
}

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

/// The config as a JSON object, fields in declaration order.
fn as_object(config: &Config) -> Map<String, Value> {
    match serde_json::to_value(config).expect("a Config serialises") {
        Value::Object(map) => map,
        _ => unreachable!("Config serialises to an object"),
    }
}

/// The config as the templates see it: normalised fields plus a few derived lists.
pub(crate) fn template_context(config: &Config) -> Map<String, Value> {
    let mut context = as_object(config);
    let orchestrator = config.orchestrator();
    let workers: Vec<&Agent> =
        config.agents.iter().filter(|a| a.name != orchestrator.name).collect();
    context.insert("orchestrator".into(), serde_json::to_value(orchestrator).expect("serialises"));
    context.insert("workers".into(), serde_json::to_value(workers).expect("serialises"));
    context.insert("generator_version".into(), Value::from(crate::VERSION));
    context
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The errors for `input`, as `field: message` lines.
    fn errors(input: Value) -> Vec<FieldError> {
        let found = validate(&input);
        assert!(!found.is_empty(), "expected {input} to be invalid");
        found
    }

    fn error_on(input: Value, field: &str, needle: &str) {
        let found = errors(input.clone());
        assert!(
            found.iter().any(|e| e.field == field && e.message.contains(needle)),
            "no error on {field} containing {needle:?} for {input}; got {found:?}"
        );
    }

    #[test]
    fn empty_object_and_null_give_the_defaults() {
        let config = Config::from_value(&json!({})).unwrap();
        assert_eq!(config, Config::from_value(&Value::Null).unwrap());
        assert_eq!(config.app_name, "my-agent-app");
        assert_eq!(config.app_title, "My Agent App");
        let names: Vec<_> =
            config.agents.iter().map(|a| (a.name.as_str(), a.role.unwrap())).collect();
        assert_eq!(
            names,
            [
                ("orchestrator", Role::Orchestrator),
                ("researcher", Role::Worker),
                ("writer", Role::Worker)
            ]
        );
    }

    #[test]
    fn agents_as_comma_string_names_or_objects() {
        let from_string = Config::from_value(&json!({"agents": " lead ,scout,scribe "})).unwrap();
        let from_names =
            Config::from_value(&json!({"agents": ["lead", "scout", "scribe"]})).unwrap();
        let from_objects = Config::from_value(&json!({"agents": [
            {"name": "lead"}, {"name": "scout", "role": "worker"}, {"name": "scribe"}
        ]}))
        .unwrap();
        assert_eq!(from_string, from_names);
        assert_eq!(from_names, from_objects);
        assert_eq!(from_string.orchestrator().name, "lead");
    }

    #[test]
    fn an_explicit_orchestrator_anywhere_wins_over_first_by_default() {
        let config = Config::from_value(&json!({"agents": [
            {"name": "scout"}, {"name": "lead", "role": "orchestrator", "description": "Runs it"}
        ]}))
        .unwrap();
        assert_eq!(config.orchestrator().name, "lead");
        assert_eq!(config.agents[0].role, Some(Role::Worker));
        assert_eq!(config.agents[1].description, "Runs it");
    }

    #[test]
    fn a_given_title_is_kept() {
        let config = Config::from_value(&json!({"app_title": "Loan Desk™"})).unwrap();
        assert_eq!(config.app_title, "Loan Desk™");
    }

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
        error_on(json!({"app_name": 5}), "app_name", "expected a string");
        error_on(json!([1, 2]), "", "expected a JSON object");
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
    fn every_problem_is_reported_at_once() {
        let found = errors(json!({
            "app_name": "Bad Name", "auth_provider": "okta", "agents": "lead, class, lead", "extra": 1
        }));
        let fields: Vec<&str> = found.iter().map(|e| e.field.as_str()).collect();
        for field in ["app_name", "auth_provider", "agents[1].name", "agents[2].name", "extra"] {
            assert!(fields.contains(&field), "{field} missing from {fields:?}");
        }
    }

    #[test]
    fn names_that_would_break_the_generated_project_are_refused() {
        for (name, needle) in [
            ("typing_extensions", "would hide the Python module"),
            ("anyio", "would hide the Python module"),
            ("pydantic_core", "would hide the Python module"),
            ("annotated_types", "would hide the Python module"),
            ("griffe", "would hide the Python module"),
            ("request", "second \"request_payload\" column"),
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

    #[test]
    fn deeply_nested_json_text_is_an_error_not_a_stack_overflow() {
        for text in [
            format!("{{\"app_name\": {}1{}}}", "[".repeat(10_000), "]".repeat(10_000)),
            format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000)),
        ] {
            let Err(Error::Invalid(found)) = Config::from_json(&text) else { panic!("accepted") };
            assert_eq!(found.len(), 1);
            assert!(found[0].message.contains("recursion limit exceeded"), "{}", found[0].message);
        }
    }

    #[test]
    fn schema_describes_every_field_with_its_default() {
        let schema = schema();
        let properties = schema["properties"].as_object().unwrap();
        let defaults = as_object(&Config::default());
        let names: Vec<&String> = properties.keys().collect();
        assert_eq!(names, defaults.keys().collect::<Vec<_>>(), "fields in declaration order");
        for (name, property) in properties {
            assert!(property["title"].is_string(), "{name} has no title");
            assert!(property["description"].is_string(), "{name} has no description");
            assert_eq!(property["default"], defaults[name], "{name} default");
        }
        assert_eq!(properties["embeddings"]["x-hidden-when"], json!({"vectors": "none"}));
        let auth = serde_json::to_string(&schema).unwrap();
        for choice in ["cognito", "s3-vectors", "bedrock-titan", "quickstart", "x86_64"] {
            assert!(auth.contains(&format!("\"{choice}\"")), "{choice} missing from schema");
        }
    }
}
