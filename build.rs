//! Rebuild when the embedded course changes: `include_dir!` does not track the files itself.
fn main() {
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=exercises");
}
