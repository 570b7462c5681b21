//! Rebuild when the embedded course changes: `include_dir!` does not track the files itself.
fn main() {
    for dir in ["content", "exercises", "starters", "references", "datasets"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
