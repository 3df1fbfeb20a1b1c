//! The architecture diagram: the configured app drawn as one SVG image.
//!
//! Three lanes of boxes joined by arrows, laid out on a fixed grid of six columns: the
//! request path (users, web app, sign-in, API, job queue and dead-letter queue, the
//! orchestrator and its workers), data and models (Aurora, Bedrock, the knowledge base)
//! and, when configured, background work and operations (the scheduled async service,
//! LangFuse and CloudWatch). Only what the config generates is drawn.
//!
//! The output is plain SVG text, the same bytes for the same config. Every piece of user
//! text is XML-escaped; descriptions are not drawn, and names that do not fit their box
//! are shortened with `…` (the full name stays in the box's `<title>`). The image carries
//! `role="img"`, a `<title>` and a `<desc>` that says in words what the boxes show.
//!
//! ```
//! let config = create_agent_app::Config::from_json(r#"{"agents": "lead, scout"}"#).unwrap();
//! let svg = create_agent_app::diagram(&config);
//! assert!(svg.starts_with("<svg") && svg.contains(">scout<"));
//! ```

use std::fmt::Write;

use serde::Serialize;

use crate::{Agent, Config, Role};

/// Margin around the drawing and the gap between columns.
const MARGIN: i32 = 20;
const GAP: i32 = 36;
/// Widths of the six columns: users, web app, API, queue, orchestrator, workers.
const COLUMNS: [i32; 6] = [84, 136, 136, 136, 150, 150];
/// Height of a service box and of an agent box; vertical pitch of the worker stack.
const BOX: i32 = 60;
const AGENT: i32 = 46;
const AGENT_PITCH: i32 = 56;
/// Space a lane keeps above its boxes for its caption.
const LANE_HEAD: i32 = 34;
const ID: &str = "caa-architecture";
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/// The app's architecture as an SVG document (`<svg …>…</svg>` and a newline).
pub fn diagram(config: &Config) -> String {
    let mut svg = Svg::default();
    let x = column_x();
    let width = x[5] + COLUMNS[5] + MARGIN;
    let col = |i: usize, y: i32, h: i32| Rect { x: x[i], y, w: COLUMNS[i], h };
    let (orchestrator, workers) = split_agents(&config.agents);
    let vectors = option(&config.vectors);
    let observability = config.observability;
    let service = (config.async_service != "none").then_some(config.async_service.as_str());

    // Title.
    let heading = format!("{} — architecture", config.app_title);
    svg.text(MARGIN, 34, 20, "700", "#1f2328", &fit(&heading, 20, true, width - 2 * MARGIN));
    let summary = format!(
        "AWS {} · models in {} · Lambda {}",
        config.aws_region,
        config.bedrock_region,
        option(&config.lambda_architecture)
    );
    svg.text(MARGIN, 56, 12, "400", "#59636e", &fit(&summary, 12, false, width - 2 * MARGIN));

    // Lane 1: the request path.
    let lane1 = 72;
    let r0 = lane1 + LANE_HEAD + 14;
    let r1 = r0 + BOX + 40;
    let agent_y = r0 + (BOX - AGENT) / 2;
    let worker_count = workers.len().max(1) as i32;
    let agents_bottom = agent_y + (worker_count - 1) * AGENT_PITCH + AGENT;
    let group = Rect {
        x: x[4] - 6,
        y: lane1 + 10,
        w: x[5] + COLUMNS[5] - x[4] + 12,
        h: agents_bottom + 12 - (lane1 + 10),
    };
    let lane1_bottom = (r1 + BOX).max(group.bottom()) + 16;
    let lane2 = lane1_bottom + 14;
    let r2 = lane2 + LANE_HEAD;
    let lane2_bottom = r2 + BOX + 24;
    let ops = service.is_some() || observability;
    let lane3 = lane2_bottom + 14;
    let r3 = lane3 + LANE_HEAD;
    let height = if ops { r3 + BOX + 24 } else { lane2_bottom } + MARGIN;

    svg.lane(
        Rect { x: MARGIN / 2, y: lane1, w: width - MARGIN, h: lane1_bottom - lane1 },
        "Request path",
    );
    svg.lane(
        Rect { x: MARGIN / 2, y: lane2, w: width - MARGIN, h: lane2_bottom - lane2 },
        "Data and models",
    );
    if ops {
        svg.lane(
            Rect { x: MARGIN / 2, y: lane3, w: width - MARGIN, h: r3 + BOX + 24 - lane3 },
            "Background and operations",
        );
    }

    let users = col(0, r0, BOX);
    let web = col(1, r0, BOX);
    let signin = col(1, r1, BOX);
    let api = col(2, r0, BOX);
    let queue = col(3, r0, BOX);
    let dlq = col(3, r1, BOX);
    let database = Rect { x: x[2], y: r2, w: x[3] + COLUMNS[3] - x[2], h: BOX };
    let bedrock = col(4, r2, BOX);
    let knowledge = col(5, r2, BOX);

    svg.group(group, &format!("Agents · Lambda {}", option(&config.lambda_architecture)));
    let auth = match option(&config.auth_provider).as_str() {
        "cognito" => "Amazon Cognito",
        _ => "Clerk",
    };
    svg.node(users, Kind::Client, "Users", &["browser"]);
    svg.node(web, Kind::Client, "Web app", &["Next.js", "S3 + CloudFront"]);
    svg.node(signin, Kind::Auth, "Sign-in", &[auth, "issues JWTs"]);
    svg.node(api, Kind::Api, "API", &["API Gateway", "FastAPI on Lambda"]);
    svg.node(queue, Kind::Queue, "Job queue", &["Amazon SQS"]);
    svg.node(dlq, Kind::Queue, "Failed jobs", &["dead-letter queue", "after 3 failures"]);
    svg.node(database, Kind::Data, "Database", &["Aurora Serverless v2", "Postgres · Data API"]);
    svg.node(bedrock, Kind::Model, "Models", &["Amazon Bedrock", &config.bedrock_model_id]);

    let orchestrator_box = col(4, agent_y, AGENT);
    if let Some(agent) = orchestrator {
        svg.agent(orchestrator_box, &agent.name, "orchestrator", true);
    }
    let mut worker_boxes = Vec::new();
    for (i, worker) in workers.iter().enumerate() {
        let rect = col(5, agent_y + i as i32 * AGENT_PITCH, AGENT);
        svg.agent(rect, &worker.name, "worker", false);
        worker_boxes.push(rect);
    }

    // Arrows of the request path.
    let mid = r0 + BOX / 2;
    svg.arrow(&[(users.right(), mid), (web.x, mid)], Some("HTTPS"), false);
    svg.arrow(&[(web.right(), mid), (api.x, mid)], Some("JWT"), false);
    svg.arrow(&[(api.right(), mid), (queue.x, mid)], Some("job"), false);
    if orchestrator.is_some() {
        svg.arrow(&[(queue.right(), mid), (x[4], mid)], Some("event"), false);
    }
    let fork = orchestrator_box.right() + GAP / 2;
    for worker in &worker_boxes {
        let y = worker.y + AGENT / 2;
        svg.arrow(
            &[(orchestrator_box.right(), mid), (fork, mid), (fork, y), (worker.x, y)],
            None,
            false,
        );
    }
    svg.arrow(&[(web.center(), web.bottom()), (signin.center(), signin.y)], Some("sign in"), true);
    let signin_mid = r1 + BOX / 2;
    svg.arrow(
        &[(api.x + 24, api.bottom()), (api.x + 24, signin_mid), (signin.right(), signin_mid)],
        Some("checks"),
        true,
    );
    svg.arrow(&[(queue.center(), queue.bottom()), (dlq.center(), dlq.y)], None, false);

    // Data and models.
    svg.arrow(&[(api.center(), api.bottom()), (api.center(), database.y)], Some("jobs"), false);
    let bend = database.y - 14;
    let into_db = database.right() - 30;
    svg.arrow(
        &[(x[4] + 24, group.bottom()), (x[4] + 24, bend), (into_db, bend), (into_db, database.y)],
        Some("results"),
        false,
    );
    svg.arrow(
        &[(bedrock.center() + 20, group.bottom()), (bedrock.center() + 20, bedrock.y)],
        Some("Converse"),
        false,
    );
    if vectors != "none" {
        let store = if vectors == "opensearch" { "OpenSearch Serverless" } else { "S3 Vectors" };
        let embeddings = match option(&config.embeddings).as_str() {
            "bedrock-titan" => "Titan embeddings",
            _ => "SageMaker embeddings",
        };
        svg.node(knowledge, Kind::Data, "Knowledge base", &[store, embeddings]);
        svg.arrow(
            &[(knowledge.center(), group.bottom()), (knowledge.center(), knowledge.y)],
            Some("search"),
            false,
        );
    }

    // Background work and operations.
    if let Some(name) = service {
        let schedule = col(0, r3, BOX);
        let service_box = col(1, r3, BOX);
        svg.node(schedule, Kind::Ops, "Schedule", &["EventBridge", "Scheduler"]);
        svg.agent(service_box, name, "async service", false);
        let y = r3 + BOX / 2;
        let service_y = service_box.y + AGENT / 2;
        svg.arrow(&[(schedule.right(), y), (service_box.x, service_y)], None, false);
        let lane = bedrock.x - GAP / 2;
        let bedrock_y = bedrock.y + BOX / 2;
        svg.arrow(
            &[
                (service_box.right(), service_y),
                (lane, service_y),
                (lane, bedrock_y),
                (bedrock.x, bedrock_y),
            ],
            None,
            true,
        );
    }
    if observability {
        svg.node(col(4, r3, BOX), Kind::Ops, "Tracing", &["LangFuse", "every agent run"]);
        svg.node(col(5, r3, BOX), Kind::Ops, "Monitoring", &["CloudWatch", "dashboard and alarms"]);
    }

    let title = format!("Architecture of {}", config.app_title);
    let desc = describe(config, orchestrator, &workers, auth);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" \
         height=\"{height}\" role=\"img\" aria-labelledby=\"{ID}-title {ID}-desc\" font-family=\"{FONT}\">\n\
         <title id=\"{ID}-title\">{}</title>\n<desc id=\"{ID}-desc\">{}</desc>\n\
         <defs><marker id=\"{ID}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" \
         markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" fill=\"#57606a\"/>\
         </marker></defs>\n<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n",
        escape(&title),
        escape(&desc),
    );
    out.push_str(&svg.body);
    out.push_str("</svg>\n");
    out
}

/// The same picture in words, for screen readers and the `<desc>` element.
fn describe(
    config: &Config,
    orchestrator: Option<&Agent>,
    workers: &[&Agent],
    auth: &str,
) -> String {
    let mut text = format!(
        "Users open the web app (Next.js on S3 and CloudFront) and sign in with {auth}. The API \
         (FastAPI on Lambda behind API Gateway) stores each job in Aurora Serverless v2 and \
         sends it to an SQS job queue, which moves a job to a dead-letter queue after 3 failures."
    );
    if let Some(agent) = orchestrator {
        let _ =
            write!(text, " The orchestrator agent {} takes each job from the queue", agent.name);
        if workers.is_empty() {
            text.push_str(" and does the work itself.");
        } else {
            let names: Vec<&str> = workers.iter().map(|w| w.name.as_str()).collect();
            let _ = write!(text, " and invokes the workers {}.", names.join(", "));
        }
    }
    let _ = write!(
        text,
        " The agents call models on Amazon Bedrock in {} and write their results to the database.",
        config.bedrock_region
    );
    match option(&config.vectors).as_str() {
        "none" => {}
        vectors => {
            let store =
                if vectors == "opensearch" { "OpenSearch Serverless" } else { "S3 Vectors" };
            let embeddings = if option(&config.embeddings) == "bedrock-titan" {
                "Titan embeddings on Bedrock"
            } else {
                "a SageMaker embeddings endpoint"
            };
            let _ = write!(text, " They search a knowledge base in {store} with {embeddings}.");
        }
    }
    if config.async_service != "none" {
        let _ = write!(
            text,
            " The async service {} runs on an EventBridge Scheduler schedule.",
            config.async_service
        );
    }
    if config.observability {
        text.push_str(" LangFuse traces every agent run; CloudWatch has a dashboard and alarms.");
    }
    text
}

/// The orchestrator (the agent whose role says so, else the first) and the workers.
fn split_agents(agents: &[Agent]) -> (Option<&Agent>, Vec<&Agent>) {
    let index = agents.iter().position(|a| a.role == Some(Role::Orchestrator)).unwrap_or(0);
    let workers = agents.iter().enumerate().filter(|(i, _)| *i != index).map(|(_, a)| a).collect();
    (agents.get(index), workers)
}

/// An option's value as the config spells it (`"s3-vectors"`, `"cognito"`).
fn option<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn column_x() -> [i32; 6] {
    let mut x = [MARGIN; 6];
    for i in 1..6 {
        x[i] = x[i - 1] + COLUMNS[i - 1] + GAP;
    }
    x
}

/// Text escaped for XML content and attribute values. Characters XML 1.0 cannot hold
/// (control characters other than tab and newline, U+FFFE, U+FFFF) become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `text` shortened with `…` to fit `width` pixels at `size` (an estimate: the average
/// glyph of a sans-serif font is about 0.58 of its size, 0.62 in bold).
fn fit(text: &str, size: i32, bold: bool, width: i32) -> String {
    let per_char = f64::from(size) * if bold { 0.62 } else { 0.58 };
    let max = ((f64::from(width) / per_char).floor() as usize).max(2);
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    x: i32,
    y: i32,
    w: i32,
    h: i32,
}

impl Rect {
    fn right(&self) -> i32 {
        self.x + self.w
    }
    fn bottom(&self) -> i32 {
        self.y + self.h
    }
    fn center(&self) -> i32 {
        self.x + self.w / 2
    }
}

/// What a box is, which sets its colours (fill, stroke).
#[derive(Debug, Clone, Copy)]
enum Kind {
    Client,
    Auth,
    Api,
    Queue,
    Agent,
    Data,
    Model,
    Ops,
}

impl Kind {
    fn colours(self) -> (&'static str, &'static str) {
        match self {
            Kind::Client => ("#ddf4ff", "#0969da"),
            Kind::Auth => ("#fbefff", "#8250df"),
            Kind::Api => ("#fff1e5", "#bc4c00"),
            Kind::Queue => ("#ffeff7", "#bf3989"),
            Kind::Agent => ("#dafbe1", "#1a7f37"),
            Kind::Data => ("#eef1ff", "#3b48cc"),
            Kind::Model => ("#e6fffa", "#067d68"),
            Kind::Ops => ("#ffffff", "#59636e"),
        }
    }
}

/// The drawing's elements, in paint order.
#[derive(Default)]
struct Svg {
    body: String,
}

impl Svg {
    fn text(&mut self, x: i32, y: i32, size: i32, weight: &str, fill: &str, text: &str) {
        let _ = writeln!(
            self.body,
            "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\" font-weight=\"{weight}\" fill=\"{fill}\">{}</text>",
            escape(text)
        );
    }

    fn centred(&mut self, x: i32, y: i32, size: i32, weight: &str, fill: &str, text: &str) {
        let _ = writeln!(
            self.body,
            "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\" font-weight=\"{weight}\" fill=\"{fill}\" \
             text-anchor=\"middle\">{}</text>",
            escape(text)
        );
    }

    fn lane(&mut self, r: Rect, caption: &str) {
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\" fill=\"#f6f8fa\" stroke=\"#d1d9e0\"/>",
            r.x, r.y, r.w, r.h
        );
        self.text(r.x + 12, r.y + 20, 11, "700", "#59636e", &caption.to_uppercase());
    }

    fn group(&mut self, r: Rect, caption: &str) {
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#f0fff4\" stroke=\"#1a7f37\" \
             stroke-dasharray=\"5 4\"/>",
            r.x, r.y, r.w, r.h
        );
        self.text(r.x + 10, r.y + 18, 11, "700", "#1a7f37", caption);
    }

    /// A service box: a bold title and up to two smaller lines.
    fn node(&mut self, r: Rect, kind: Kind, title: &str, lines: &[&str]) {
        let (fill, stroke) = kind.colours();
        let _ = writeln!(
            self.body,
            "<g><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" \
             stroke-width=\"1.5\"/>",
            r.x, r.y, r.w, r.h
        );
        let inner = r.w - 12;
        self.centred(r.center(), r.y + 20, 13, "700", "#1f2328", &fit(title, 13, true, inner));
        for (i, line) in lines.iter().take(2).enumerate() {
            let y = r.y + 36 + 14 * i as i32;
            let size = if fit(line, 11, false, inner) == *line { 11 } else { 10 };
            self.centred(r.center(), y, size, "400", "#424a53", &fit(line, size, false, inner));
        }
        self.body.push_str("</g>\n");
    }

    /// An agent's box: its name (shortened to fit, in full in the `<title>`) and its role.
    fn agent(&mut self, r: Rect, name: &str, role: &str, orchestrator: bool) {
        let (fill, stroke) = Kind::Agent.colours();
        let width = if orchestrator { "2.5" } else { "1.5" };
        let _ = writeln!(
            self.body,
            "<g><title>{}: {role}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" \
             fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>",
            escape(name),
            r.x,
            r.y,
            r.w,
            r.h
        );
        let inner = r.w - 12;
        let size = if fit(name, 13, true, inner) == name { 13 } else { 11 };
        self.centred(r.center(), r.y + 19, size, "700", "#1f2328", &fit(name, size, true, inner));
        self.centred(r.center(), r.y + 35, 11, "400", "#424a53", role);
        self.body.push_str("</g>\n");
    }

    /// A line through `points` ending in an arrowhead, its label beside the first segment.
    fn arrow(&mut self, points: &[(i32, i32)], label: Option<&str>, dashed: bool) {
        let mut d = String::new();
        for (i, (x, y)) in points.iter().enumerate() {
            let _ = write!(d, "{}{x} {y}", if i == 0 { "M" } else { " L" });
        }
        let dash = if dashed { " stroke-dasharray=\"4 3\"" } else { "" };
        let _ = writeln!(
            self.body,
            "<path d=\"{d}\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.5\"{dash} \
             marker-end=\"url(#{ID}-arrow)\"/>"
        );
        if let (Some(label), [(x0, y0), (x1, y1), ..]) = (label, points) {
            if y0 == y1 {
                self.centred((x0 + x1) / 2, y0 - 6, 10, "400", "#59636e", label);
            } else {
                self.text(x0 + 5, (y0 + y1) / 2 + 4, 10, "400", "#59636e", label);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config(value: serde_json::Value) -> Config {
        Config::from_value(&value).unwrap()
    }

    /// A small well-formedness check: every tag closes in order, attributes are quoted,
    /// and `&` starts one of the five XML entities.
    fn assert_well_formed(svg: &str) {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            check_text(&rest[..start]);
            let end = rest[start..].find('>').expect("unclosed tag") + start;
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "`<` inside a tag: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            } else {
                let name = tag.split([' ', '/']).next().unwrap();
                assert!(
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
                    "{tag}"
                );
                let attributes = tag[name.len()..].trim_end_matches('/');
                assert_eq!(attributes.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
                for value in attributes.split('"').skip(1).step_by(2) {
                    check_text(value);
                }
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
        assert_eq!(rest, "\n");
    }

    fn check_text(text: &str) {
        assert!(!text.contains('>'), "raw `>` in {text:?}");
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].iter().any(|e| entity.starts_with(e)),
                "bare & in {text:?}"
            );
        }
    }

    #[test]
    fn the_default_app_is_well_formed_accessible_and_names_every_agent() {
        let svg = diagram(&Config::default());
        assert_well_formed(&svg);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"caa-architecture-title\">Architecture of"));
        assert!(svg.contains("<desc id=\"caa-architecture-desc\">Users open the web app"));
        for name in ["orchestrator", "researcher", "writer"] {
            assert!(svg.contains(&format!(">{name}</text>")), "{name}");
        }
        for part in [
            "Clerk",
            "Amazon SQS",
            "dead-letter queue",
            "Aurora Serverless v2",
            "S3 + CloudFront",
            "LangFuse",
            "CloudWatch",
        ] {
            assert!(svg.contains(part), "{part}");
        }
        assert!(!svg.contains("Knowledge base") && !svg.contains("EventBridge"));
        assert_eq!(svg, diagram(&Config::default()), "deterministic");
    }

    #[test]
    fn the_drawing_follows_the_options() {
        let base = diagram(&config(json!({})));
        let everything = config(json!({
            "agents": "lead, scout, judge", "auth_provider": "cognito", "vectors": "opensearch",
            "embeddings": "bedrock-titan", "async_service": "harvester", "observability": false,
        }));
        let svg = diagram(&everything);
        assert_well_formed(&svg);
        for part in [
            ">lead<",
            ">scout<",
            ">judge<",
            "Amazon Cognito",
            "OpenSearch Serverless",
            "Titan embeddings",
            ">harvester<",
            "EventBridge",
        ] {
            assert!(svg.contains(part), "{part}");
        }
        assert!(!svg.contains("LangFuse") && !svg.contains("Clerk"));
        let s3 = diagram(&config(json!({"vectors": "s3-vectors"})));
        assert!(s3.contains("S3 Vectors") && s3.contains("SageMaker embeddings"));
        assert_ne!(s3, base);
        let more = diagram(&config(json!({"agents": "orchestrator, researcher, writer, critic"})));
        assert!(more.contains(">critic<") && more != base);
        // A lone orchestrator and sixteen agents both draw.
        assert_well_formed(&diagram(&config(json!({"agents": "solo"}))));
        let many: Vec<String> = (0..16).map(|i| format!("agent_{i}")).collect();
        let svg = diagram(&config(json!({"agents": many.join(",")})));
        assert_well_formed(&svg);
        assert!(many.iter().all(|n| svg.contains(&format!(">{n}<"))));
    }

    #[test]
    fn hostile_text_is_escaped_and_descriptions_are_not_drawn() {
        let hostile = "<script>alert(\"x\")</script> & ' ]]> \u{1}";
        let mut config = config(json!({"agents": [{"name": "lead", "description": "SECRET <b>"}]}));
        config.app_title = hostile.into();
        config.bedrock_model_id = hostile.into();
        config.agents[0].name = hostile.into();
        let svg = diagram(&config);
        assert_well_formed(&svg);
        assert!(!svg.contains("<script") && !svg.contains('\u{1}'));
        assert!(svg.contains("&lt;script&gt;alert(&quot;x&quot;)"));
        assert!(!svg.contains("SECRET"));
    }

    #[test]
    fn long_names_are_shortened_in_the_box_and_kept_whole_in_its_title() {
        let name = "a_very_long_agent_name_of_thirty";
        let svg = diagram(&config(json!({"agents": format!("lead, {}", &name[..30])})));
        assert!(svg.contains(&format!("<title>{}: worker</title>", &name[..30])));
        assert!(svg.contains('…'));
        let long_title = "T".repeat(100);
        let svg = diagram(&config(json!({"app_title": long_title})));
        assert!(svg.contains(&format!("Architecture of {long_title}</title>")));
    }

    #[test]
    fn escape_covers_the_xml_specials() {
        assert_eq!(escape("a<b>&\"c'\u{0}"), "a&lt;b&gt;&amp;&quot;c&apos; ");
    }
}
