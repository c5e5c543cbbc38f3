fn main() {
    // Re-embed the migrations when they change.
    println!("cargo:rerun-if-changed=migrations");
    // SAFETY: getuid has no preconditions.
    let uid = unsafe { libc::getuid() };
    println!("cargo:rustc-env=BUILD_UID={uid}");
}
