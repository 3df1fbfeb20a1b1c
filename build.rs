// The templates are embedded with include_dir!, which cargo does not track: rebuild when
// anything under templates/ changes (cargo scans a directory recursively).
fn main() {
    println!("cargo:rerun-if-changed=templates");
}
