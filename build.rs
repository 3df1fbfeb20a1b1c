// The templates are embedded with include_dir!, which cargo does not track: rebuild when
// anything under templates/ changes (cargo scans a directory recursively).
//
// The lockfiles in locks/ (~1.5 MB of text, mostly hashes) are embedded deflated, which
// keeps the WASM ~1 MB smaller; src/locks.rs inflates them when a project is generated.
use std::io::Write;

const LOCKS: &[&str] =
    &["uv.lock", "package-lock.clerk.json", "package-lock.cognito.json", "terraform.lock.hcl"];

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=locks");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in LOCKS {
        let text = std::fs::read(format!("locks/{name}"))
            .unwrap_or_else(|e| panic!("locks/{name}: {e} (run `make locks`)"));
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&text).expect("deflate in memory");
        let deflated = encoder.finish().expect("deflate in memory");
        std::fs::write(out.join(format!("{name}.deflate")), deflated).expect("write OUT_DIR");
    }
}
