//! Zip time and size per deflate level for the default app: the measurement behind
//! `archive::DEFLATE_LEVEL`. Run by `make bench`; numbers, not pass/fail.
use std::io::{Cursor, Write};
use std::time::Instant;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn main() {
    let config = create_agent_app::Config::from_json("{}").unwrap();
    let files = create_agent_app::files(&config).unwrap();
    for round in 0..3 {
        for level in [1i64, 3, 6, 9] {
            let start = Instant::now();
            let mut size = 0;
            for _ in 0..5 {
                let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
                let opts = SimpleFileOptions::default()
                    .compression_method(CompressionMethod::Deflated)
                    .compression_level(Some(level));
                for f in &files {
                    zip.start_file(f.path.as_str(), opts).unwrap();
                    zip.write_all(&f.contents).unwrap();
                }
                size = zip.finish().unwrap().into_inner().len();
            }
            println!(
                "round {round} level {level}: {:.1} ms, {size} bytes",
                start.elapsed().as_secs_f64() * 1000.0 / 5.0
            );
        }
    }
}
