//! Every AWS resource name the generated Terraform builds from the config, with the
//! length limit AWS documents for it, so validation can promise that a valid config
//! deploys: `app_name` prefixes every name, agents and the async service add theirs.
//!
//! [`NAMES`] is written from `templates/terraform/`: each entry is one `name`-like
//! attribute exactly as the template spells it. `tests/aws_names.rs` greps the templates
//! and fails when an entry is missing, stale or spelled differently, and renders every
//! option set at the longest accepted names to check the rendered names against the
//! limits.

use crate::config::{AuthProvider, Config, Embeddings, Guardrails, Vectors};
use crate::error::FieldError;

/// One name the Terraform builds.
#[derive(Debug, Clone, Copy)]
pub struct NamePattern {
    /// The Terraform file, relative to `templates/terraform/`.
    pub file: &'static str,
    /// The block it is in: a resource type (`aws_sqs_queue`), `module` or `locals`.
    pub block: &'static str,
    /// The attribute (`name`, `function_name`, … or a local's name).
    pub attribute: &'static str,
    /// The attribute's value as the template writes it.
    pub template: &'static str,
    /// What AWS calls the name, for error messages.
    pub what: &'static str,
    /// The longest name AWS accepts; 0 for a local or a module input, which only feed
    /// the names of other entries (`modules/lambda_function` names the function, its IAM
    /// role and its log group after its `function_name`).
    pub limit: usize,
    /// The configs that generate it.
    pub when: fn(&Config) -> bool,
    /// What `each.key` runs over, when the template uses it.
    pub each: Each,
}

/// The keys of a `for_each`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Each {
    None,
    /// One per agent, keyed by its name.
    Agents,
    /// Fixed keys; `{agent}` in a key stands for every agent's name.
    Keys(&'static [&'static str]),
}

fn always(_: &Config) -> bool {
    true
}
fn sagemaker(c: &Config) -> bool {
    c.vectors != Vectors::None && c.embeddings == Embeddings::Sagemaker
}
fn any_vectors(c: &Config) -> bool {
    c.vectors != Vectors::None
}
fn s3_vectors(c: &Config) -> bool {
    c.vectors == Vectors::S3Vectors
}
fn opensearch(c: &Config) -> bool {
    c.vectors == Vectors::Opensearch
}
fn service(c: &Config) -> bool {
    c.async_service != "none"
}
fn cognito(c: &Config) -> bool {
    c.auth_provider == AuthProvider::Cognito
}
fn observability(c: &Config) -> bool {
    c.observability
}
fn bedrock_guardrail(c: &Config) -> bool {
    c.guardrails == Guardrails::Bedrock
}

macro_rules! name {
    ($file:literal, $block:literal, $attribute:literal, $template:literal, $what:expr, $limit:literal, $when:ident) => {
        name!($file, $block, $attribute, $template, $what, $limit, $when, Each::None)
    };
    ($file:literal, $block:literal, $attribute:literal, $template:literal, $what:expr, $limit:literal, $when:ident, $each:expr) => {
        NamePattern {
            file: $file,
            block: $block,
            attribute: $attribute,
            template: $template,
            what: $what,
            limit: $limit,
            when: $when,
            each: $each,
        }
    };
}

/// The policies part 1 creates, one per key.
const DEPLOY_POLICIES: &[&str] = &["functions", "database", "web", "unscoped", "optional"];

/// The alarm keys of part 8 (`local.lambda_alarms`).
const LAMBDA_ALARMS: &[&str] =
    &["{agent}-errors", "api-errors", "{agent}-throttles", "{agent}-near-timeout"];

/// Every name `templates/terraform/` builds from the config.
#[rustfmt::skip]
pub const NAMES: &[NamePattern] = &[
    name!("1_permissions/main.tf", "aws_iam_group", "name", r#""${var.app_name}-deployers""#, "IAM group name", 128, always),
    name!("1_permissions/main.tf", "aws_iam_policy", "name", r#""${var.app_name}-deploy-${each.key}""#, "IAM policy name", 128, always, Each::Keys(DEPLOY_POLICIES)),
    name!("2_embeddings/main.tf", "aws_iam_role", "name", r#""${var.app_name}-embeddings""#, "IAM role name", 64, sagemaker),
    name!("2_embeddings/main.tf", "aws_sagemaker_model", "name", r#""${var.app_name}-embeddings""#, "SageMaker model name", 63, sagemaker),
    name!("2_embeddings/main.tf", "aws_sagemaker_endpoint_configuration", "name", r#""${var.app_name}-embeddings""#, "SageMaker endpoint configuration name", 63, sagemaker),
    name!("2_embeddings/main.tf", "aws_sagemaker_endpoint", "name", r#""${var.app_name}-embeddings""#, "SageMaker endpoint name", 63, sagemaker),
    name!("3_vectors/main.tf", "locals", "vector_bucket", r#""${var.app_name}-vectors""#, "S3 Vectors bucket name", 63, s3_vectors),
    name!("3_vectors/main.tf", "aws_cloudformation_stack", "name", r#""${var.app_name}-vectors""#, "CloudFormation stack name", 128, s3_vectors),
    name!("3_vectors/main.tf", "locals", "collection", r#""${var.app_name}-vectors""#, "OpenSearch Serverless collection name", 32, opensearch),
    name!("3_vectors/main.tf", "aws_opensearchserverless_security_policy", "name", r#""${var.app_name}-enc""#, "OpenSearch Serverless security policy name", 32, opensearch),
    name!("3_vectors/main.tf", "aws_opensearchserverless_security_policy", "name", r#""${var.app_name}-net""#, "OpenSearch Serverless security policy name", 32, opensearch),
    name!("3_vectors/main.tf", "aws_opensearchserverless_access_policy", "name", r#""${var.app_name}-agents""#, "OpenSearch Serverless access policy name", 32, opensearch),
    name!("3_vectors/main.tf", "aws_opensearchserverless_collection", "name", "local.collection", "OpenSearch Serverless collection name", 32, opensearch),
    name!("3_vectors/main.tf", "module", "function_name", r#""${var.app_name}-ingest""#, "", 0, any_vectors),
    name!("4_async_service/main.tf", "locals", "service", r#""${var.app_name}-{{ async_service | kebab }}""#, "", 0, service),
    name!("4_async_service/main.tf", "locals", "runs_table", r#""${local.service}-runs""#, "", 0, service),
    name!("4_async_service/main.tf", "aws_dynamodb_table", "name", "local.runs_table", "DynamoDB table name", 255, service),
    name!("4_async_service/main.tf", "module", "function_name", "local.service", "", 0, service),
    name!("4_async_service/main.tf", "aws_iam_role", "name", r#""${var.app_name}-async_service_scheduler""#, "IAM role name", 64, service),
    name!("4_async_service/main.tf", "aws_scheduler_schedule", "name", "local.service", "EventBridge Scheduler schedule name", 64, service),
    name!("5_database/main.tf", "aws_db_subnet_group", "name", r#""${var.app_name}-db""#, "DB subnet group name", 255, always),
    name!("5_database/main.tf", "aws_security_group", "name", r#""${var.app_name}-db""#, "security group name", 255, always),
    name!("5_database/main.tf", "aws_rds_cluster_parameter_group", "name", r#""${var.app_name}-db""#, "DB cluster parameter group name", 255, always),
    name!("5_database/main.tf", "aws_rds_cluster", "cluster_identifier", r#""${var.app_name}-db""#, "Aurora DB cluster identifier", 63, always),
    name!("5_database/main.tf", "aws_rds_cluster", "final_snapshot_identifier", r#""${var.app_name}-db-final""#, "DB cluster snapshot identifier", 255, always),
    name!("5_database/main.tf", "aws_rds_cluster_instance", "identifier", r#""${var.app_name}-db-1""#, "DB instance identifier", 63, always),
    name!("6_agents/main.tf", "aws_bedrock_guardrail", "name", r#""${var.app_name}-guardrail""#, "Bedrock guardrail name", 50, bedrock_guardrail),
    name!("6_agents/main.tf", "aws_iam_role", "name", r#""${var.app_name}-job-sweep""#, "IAM role name", 64, always),
    name!("6_agents/main.tf", "aws_scheduler_schedule", "name", r#""${var.app_name}-job-sweep""#, "EventBridge Scheduler schedule name", 64, always),
    name!("6_agents/main.tf", "aws_sqs_queue", "name", r#""${var.app_name}-jobs-dlq""#, "SQS queue name", 80, always),
    name!("6_agents/main.tf", "aws_sqs_queue", "name", r#""${var.app_name}-jobs""#, "SQS queue name", 80, always),
    name!("6_agents/main.tf", "module", "function_name", r#""${var.app_name}-${replace(each.key, "_", "-")}""#, "", 0, always, Each::Agents),
    name!("6_agents/main.tf", "module", "function_name", r#""${var.app_name}-migrate""#, "", 0, always),
    name!("7_frontend/main.tf", "aws_s3_bucket", "bucket", r#""${var.app_name}-site-${local.account}""#, "S3 bucket name", 63, always),
    name!("7_frontend/main.tf", "aws_cloudfront_origin_access_control", "name", r#""${var.app_name}-site""#, "CloudFront origin access control name", 64, always),
    name!("7_frontend/main.tf", "aws_cloudfront_function", "name", r#""${var.app_name}-index-html""#, "CloudFront function name", 64, always),
    name!("7_frontend/main.tf", "aws_cloudfront_response_headers_policy", "name", r#""${var.app_name}-security-headers""#, "CloudFront response headers policy name", 128, always),
    name!("7_frontend/main.tf", "aws_wafv2_web_acl", "name", r#""${var.app_name}-site""#, "WAF web ACL name", 128, always),
    name!("7_frontend/main.tf", "aws_wafv2_web_acl", "metric_name", r#""${var.app_name}-common""#, "WAF metric name", 255, always),
    name!("7_frontend/main.tf", "aws_wafv2_web_acl", "metric_name", r#""${var.app_name}-bad-inputs""#, "WAF metric name", 255, always),
    name!("7_frontend/main.tf", "aws_wafv2_web_acl", "metric_name", r#""${var.app_name}-site""#, "WAF metric name", 255, always),
    name!("7_frontend/main.tf", "aws_cognito_user_pool", "name", r#""${var.app_name}-users""#, "Cognito user pool name", 128, cognito),
    name!("7_frontend/main.tf", "aws_cognito_user_pool_client", "name", r#""${var.app_name}-web""#, "Cognito app client name", 128, cognito),
    name!("7_frontend/main.tf", "aws_cognito_user_pool_domain", "domain", r#""${var.app_name}-${local.account}""#, "Cognito domain prefix", 63, cognito),
    name!("7_frontend/main.tf", "module", "function_name", r#""${var.app_name}-api""#, "", 0, always),
    name!("7_frontend/main.tf", "aws_apigatewayv2_api", "name", r#""${var.app_name}-api""#, "API Gateway API name", 128, always),
    name!("7_frontend/main.tf", "aws_cloudwatch_log_group", "name", r#""/aws/apigateway/${var.app_name}-api""#, "CloudWatch log group name", 512, always),
    name!("8_enterprise/main.tf", "aws_sns_topic", "name", r#""${var.app_name}-alerts""#, "SNS topic name", 256, always),
    name!("8_enterprise/main.tf", "aws_budgets_budget", "name", r#""${var.app_name}-monthly""#, "budget name", 100, always),
    name!("8_enterprise/main.tf", "aws_cloudwatch_metric_alarm", "alarm_name", r#""${var.app_name}-failed-jobs""#, "CloudWatch alarm name", 255, observability),
    name!("8_enterprise/main.tf", "aws_cloudwatch_metric_alarm", "namespace", "var.app_name", "CloudWatch metric namespace", 255, observability),
    name!("8_enterprise/main.tf", "aws_cloudwatch_metric_alarm", "alarm_name", r#""${var.app_name}-dead-letters""#, "CloudWatch alarm name", 255, observability),
    name!("8_enterprise/main.tf", "aws_cloudwatch_metric_alarm", "alarm_name", r#""${var.app_name}-quality""#, "CloudWatch alarm name", 255, observability),
    name!("8_enterprise/main.tf", "aws_cloudwatch_metric_alarm", "namespace", "var.app_name", "CloudWatch metric namespace", 255, observability),
    name!("8_enterprise/main.tf", "aws_cloudwatch_metric_alarm", "alarm_name", r#""${var.app_name}-${replace(each.key, "_", "-")}""#, "CloudWatch alarm name", 255, observability, Each::Keys(LAMBDA_ALARMS)),
    name!("8_enterprise/main.tf", "aws_cloudwatch_dashboard", "dashboard_name", "var.app_name", "CloudWatch dashboard name", 255, observability),
    name!("modules/lambda_function/main.tf", "aws_iam_role", "name", "var.function_name", "IAM role name", 64, always),
    name!("modules/lambda_function/main.tf", "aws_cloudwatch_log_group", "name", r#""/aws/lambda/${var.function_name}""#, "CloudWatch log group name", 512, always),
    name!("modules/lambda_function/main.tf", "aws_lambda_function", "function_name", "var.function_name", "Lambda function name", 64, always),
];

/// An account id is 12 digits.
const ACCOUNT: &str = "123456789012";

/// Which field a name grows with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    App,
    Agent(usize),
    Service,
}

/// One name as a config makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsName {
    pub pattern: NamePattern,
    pub name: String,
    /// The field whose value makes the name longest beyond `app_name`'s share.
    pub source: Source,
    /// How long the name is without the source field's value.
    pub fixed: usize,
}

impl PartialEq for NamePattern {
    fn eq(&self, other: &Self) -> bool {
        (self.file, self.block, self.attribute, self.template)
            == (other.file, other.block, other.attribute, other.template)
    }
}
impl Eq for NamePattern {}

/// Every AWS name the config's Terraform creates (locals and module inputs resolved into
/// the resources they name; `var.function_name` for each function the module makes).
pub fn names(config: &Config) -> Vec<AwsName> {
    let functions: Vec<(String, Source)> = NAMES
        .iter()
        .filter(|p| p.block == "module" && p.attribute == "function_name" && (p.when)(config))
        .flat_map(|p| expand(p, config))
        .collect();
    let mut out = Vec::new();
    for pattern in NAMES.iter().filter(|p| p.limit > 0 && (p.when)(config)) {
        if pattern.file.starts_with("modules/") {
            for (function, source) in &functions {
                let name =
                    pattern.template.trim_matches('"').replace("${var.function_name}", function);
                let name = if name == "var.function_name" { function.clone() } else { name };
                out.push(named(*pattern, name, source.clone(), config));
            }
        } else {
            for (name, source) in expand(pattern, config) {
                out.push(named(*pattern, name, source, config));
            }
        }
    }
    out
}

fn named(pattern: NamePattern, name: String, source: Source, config: &Config) -> AwsName {
    let share = match &source {
        Source::App => config.app_name.len(),
        Source::Agent(i) => config.agents[*i].name.len(),
        Source::Service => config.async_service.len(),
    };
    AwsName { pattern, fixed: name.len() - share, name, source }
}

/// The names one pattern makes, each with the field it grows with.
fn expand(pattern: &NamePattern, config: &Config) -> Vec<(String, Source)> {
    let text = resolve(pattern.file, pattern.template, config);
    let keys: Vec<(String, Option<usize>)> = match pattern.each {
        Each::None => {
            return vec![(
                text,
                if mentions_service(pattern) { Source::Service } else { Source::App },
            )];
        }
        Each::Agents => {
            config.agents.iter().enumerate().map(|(i, a)| (a.name.clone(), Some(i))).collect()
        }
        Each::Keys(keys) => keys
            .iter()
            .flat_map(|key| -> Vec<(String, Option<usize>)> {
                if key.contains("{agent}") {
                    let with =
                        |(i, a): (usize, &crate::Agent)| (key.replace("{agent}", &a.name), Some(i));
                    config.agents.iter().enumerate().map(with).collect()
                } else {
                    vec![(key.to_string(), None)]
                }
            })
            .collect(),
    };
    keys.into_iter()
        .map(|(key, agent)| {
            let name = text
                .replace(r#"${replace(each.key, "_", "-")}"#, &key.replace('_', "-"))
                .replace("${each.key}", &key);
            (name, agent.map_or(Source::App, Source::Agent))
        })
        .collect()
}

fn mentions_service(pattern: &NamePattern) -> bool {
    pattern.template.contains("async_service | kebab")
        || pattern.template.contains("local.service")
        || pattern.template.contains("local.runs_table")
}

/// The template's value with the config's values and the file's locals filled in.
fn resolve(file: &str, template: &str, config: &Config) -> String {
    if let Some(local) = template.strip_prefix("local.") {
        return resolve(file, local_template(file, local), config);
    }
    if template == "var.app_name" {
        return config.app_name.clone();
    }
    let mut text = template.trim_matches('"').to_string();
    for local in ["service", "runs_table", "collection"] {
        let reference = format!("${{local.{local}}}");
        if text.contains(&reference) {
            text = text.replace(&reference, &resolve(file, local_template(file, local), config));
        }
    }
    text.replace("${var.app_name}", &config.app_name)
        .replace("${local.account}", ACCOUNT)
        .replace("{{ async_service | kebab }}", &crate::filters::kebab_case(&config.async_service))
}

fn local_template(file: &str, local: &str) -> &'static str {
    NAMES
        .iter()
        .find(|p| p.file == file && p.block == "locals" && p.attribute == local)
        .map(|p| p.template)
        .unwrap_or_else(|| panic!("local.{local} of {file} is not in aws_names::NAMES"))
}

/// Errors for the config's fields whose values make an AWS name too long: one per field,
/// for its tightest name, saying how long the field may be.
pub(crate) fn check(config: &Config) -> Vec<FieldError> {
    let mut worst: Vec<(String, usize, AwsName)> = Vec::new(); // (field, allowed, name)
    for name in names(config) {
        if name.name.len() <= name.pattern.limit {
            continue;
        }
        let allowed = name.pattern.limit.saturating_sub(name.fixed);
        let field = match name.source {
            Source::App => "app_name".to_string(),
            Source::Agent(i) => format!("agents[{i}].name"),
            Source::Service => "async_service".to_string(),
        };
        match worst.iter_mut().find(|(f, _, _)| *f == field) {
            Some(entry) if allowed < entry.1 => *entry = (field, allowed, name),
            Some(_) => {}
            None => worst.push((field, allowed, name)),
        }
    }
    worst
        .into_iter()
        .map(|(field, allowed, name)| {
            let value = match &name.source {
                Source::App => &config.app_name,
                Source::Agent(i) => &config.agents[*i].name,
                Source::Service => &config.async_service,
            };
            FieldError::new(
                field,
                format!(
                    "{value:?} is too long for the {} {:?} ({} > {}) — use at most {allowed} \
                     characters{}",
                    name.pattern.what,
                    name.name,
                    name.name.len(),
                    name.pattern.limit,
                    if name.source == Source::App { " with these options" } else { "" }
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config(value: serde_json::Value) -> Config {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn opensearch_limits_the_app_name_to_24_characters() {
        let long = "a".repeat(25);
        let errors = check(&config(json!({"app_name": long, "vectors": "opensearch"})));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "app_name");
        assert!(
            errors[0].message.contains(&format!(
                "too long for the OpenSearch Serverless collection name \"{long}-vectors\" (33 > 32) — use at most 24 characters"
            )),
            "{}",
            errors[0].message
        );
        assert!(
            check(&config(json!({"app_name": "a".repeat(24), "vectors": "opensearch"}))).is_empty()
        );
        assert!(
            check(&config(json!({"app_name": "a".repeat(32), "vectors": "s3-vectors"}))).is_empty()
        );
    }

    #[test]
    fn every_function_name_includes_role_and_log_group() {
        let c = config(
            json!({"app_name": "shop", "agents": [{"name": "lead_agent"}], "async_service": "news_feed", "vectors": "opensearch"}),
        );
        let all = names(&c);
        let of = |what: &str| -> Vec<&str> {
            all.iter().filter(|n| n.pattern.what == what).map(|n| n.name.as_str()).collect()
        };
        let functions = of("Lambda function name");
        for f in ["shop-lead-agent", "shop-migrate", "shop-api", "shop-ingest", "shop-news-feed"] {
            assert!(functions.contains(&f), "{f} in {functions:?}");
        }
        assert!(of("CloudWatch log group name").contains(&"/aws/lambda/shop-lead-agent"));
        assert!(of("DynamoDB table name").contains(&"shop-news-feed-runs"));
        assert!(of("IAM policy name").contains(&"shop-deploy-unscoped"));
        let alarms = of("CloudWatch alarm name");
        assert!(alarms.contains(&"shop-lead-agent-near-timeout"), "{alarms:?}");
        assert!(alarms.contains(&"shop-api-errors"));
    }

    #[test]
    fn a_too_long_agent_or_service_names_its_own_field() {
        // Not reachable with today's limits (agents ≤ 30), so the rule is shown on a
        // pattern directly: blame goes to the field the name grows with.
        let c = config(json!({"app_name": "a".repeat(32), "agents": [{"name": "b".repeat(40)}]}));
        let errors = check(&c);
        let agent = errors.iter().find(|e| e.field == "agents[0].name").expect("agent error");
        assert!(agent.message.contains("IAM role name"), "{}", agent.message);
        assert!(
            agent.message.contains("(73 > 64) — use at most 31 characters"),
            "{}",
            agent.message
        );
    }
}
