//! Writes a project to a folder: `cargo run --example write -- <config.json> <dir>`.
//! Used by benchmarks and for debugging templates without the npm package.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("read the config file");
    let config = create_agent_app::Config::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    for file in create_agent_app::files(&config).unwrap_or_else(|e| panic!("{e}")) {
        let path = std::path::Path::new(&args[2]).join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.contents).unwrap();
    }
}
