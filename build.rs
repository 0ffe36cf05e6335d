//! Records the git commit statusgen is built from, so `statusgen --version` names it
//! (`statusgen 0.1.0 (abc1234)`). Outside a git checkout (a crates.io download) the commit is
//! "unknown"; `STATUSGEN_COMMIT` in the environment overrides both (release builds from
//! archives without `.git`).

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn main() {
    println!("cargo:rerun-if-env-changed=STATUSGEN_COMMIT");
    let commit = std::env::var("STATUSGEN_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_string());
    // Run again when HEAD moves (a commit, a checkout). In a worktree the git dir is not
    // `.git`, so git says where its files are; only files that exist are named (cargo treats a
    // missing one as always changed).
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for file in watched {
        if let Some(path) = git(&["rev-parse", "--git-path", &file])
            && std::path::Path::new(&path).exists()
        {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rustc-env=STATUSGEN_COMMIT={commit}");
}
