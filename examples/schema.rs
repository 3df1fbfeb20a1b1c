//! Prints the config's JSON Schema: `cargo run --example schema`.
fn main() {
    println!("{}", serde_json::to_string_pretty(&create_agent_app::schema()).unwrap());
}
