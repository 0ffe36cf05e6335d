//! Bad days for the writer (issue #10): concurrent builds, killed builds and odd outputs leave
//! exactly one complete output, the same bytes as a quiet build, and no leftovers.

use crate::common::{build_cmd, statusgen};
use crate::common::{copy_dir, tree};
use std::path::{Path, PathBuf};

fn fixture() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(Path::new("tests/fixtures/three-months"), &site);
    let out = tmp.path().join("out");
    (tmp, site, out)
}

fn build(site: &Path, out: &Path) -> std::process::Output {
    build_cmd(site, out).output().unwrap()
}

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_second_build_is_refused_while_one_holds_the_lock() {
    let (tmp, site, out) = fixture();
    assert!(build(&site, &out).status.success());
    let quiet = tree(&out);
    let lock = std::fs::File::create(tmp.path().join(".out.lock")).unwrap();
    lock.try_lock().unwrap();
    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("another statusgen build is writing"), "{err}");
    assert_eq!(tree(&out), quiet);
    drop(lock);
    assert!(build(&site, &out).status.success());
}

#[test]
fn concurrent_builds_leave_one_complete_output_and_nothing_else() {
    let (tmp, site, out) = fixture();
    let quiet_dir = tmp.path().join("quiet");
    assert!(build(&site, &quiet_dir).status.success());
    let quiet = tree(&quiet_dir);
    std::fs::remove_dir_all(&quiet_dir).unwrap();
    for _round in 0..3 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                std::process::Command::new(crate::common::BIN)
                    .args(["build", "--root"])
                    .arg(&site)
                    .arg("--output")
                    .arg(&out)
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut ok = 0;
        for c in children {
            let o = c.wait_with_output().unwrap();
            match o.status.code() {
                Some(0) => ok += 1,
                Some(2) => assert!(
                    String::from_utf8_lossy(&o.stderr).contains("another statusgen build"),
                    "{}",
                    String::from_utf8_lossy(&o.stderr)
                ),
                c => panic!("exit {c:?}: {}", String::from_utf8_lossy(&o.stderr)),
            }
        }
        assert!(ok >= 1);
        assert_eq!(tree(&out), quiet);
        assert_eq!(names(tmp.path()), ["out", "site"]);
    }
}

#[test]
fn leftovers_of_a_killed_build_are_put_back_or_removed_and_only_marked_ones() {
    let (tmp, site, out) = fixture();
    assert!(build(&site, &out).status.success());
    let quiet = tree(&out);
    // Killed between moving the output aside and putting the new one in place ...
    std::fs::rename(&out, tmp.path().join(".out.old-77-0")).unwrap();
    // ... and another one killed while writing its staging folder.
    let staging = tmp.path().join(".out.staging-78-0");
    std::fs::create_dir_all(staging.join("geps")).unwrap();
    std::fs::write(staging.join(".statusgen-output"), "").unwrap();
    std::fs::write(staging.join("index.html"), "<html><body>half").unwrap();
    // Someone else's folder with a similar name is never touched.
    let foreign = tmp.path().join(".out.staging-notes");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(tree(&out), quiet);
    assert_eq!(names(tmp.path()), [".out.staging-notes", "out", "site"]);
    assert_eq!(
        std::fs::read_to_string(foreign.join("keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn outputs_that_are_not_a_folder_name_are_refused_without_leftovers() {
    let (tmp, site, _) = fixture();
    for bad in ["..", "/"] {
        let o = build(&site, Path::new(bad));
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("name a folder"), "{bad}: {err}");
    }
    assert_eq!(names(tmp.path()), ["site"]);
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_output_is_replaced_without_leftovers() {
    let (tmp, site, out) = fixture();
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), &out).unwrap();
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join("index.html").is_file());
    assert_eq!(names(tmp.path()), ["out", "site"]);
}

/// A snapshot of about 10 KB whose table `fmt` would rewrite (columns not padded).
fn big_unformatted() -> String {
    let mut t = String::from(
        "# Status November 2023\n\nKept as is.\r\n\n| | GEP-1: Alpha | GEP-2: Beta |\n|---|---|---|\n| Status | P | E |\n| Compliance | NS | |\n",
    );
    for i in 0..300 {
        t.push_str(&format!("| **Implementation number {i}** | C | pp |\n"));
    }
    t
}

/// Runs statusgen with the file size limited to 4 KB, as on a nearly full disk: a write past
/// it kills the process (SIGXFSZ) halfway through.
#[cfg(unix)]
fn run_with_small_disk(args: &str, root: &Path) -> std::process::Output {
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("ulimit -f 4; exec \"$0\" {args} --root \"$1\""))
        .arg(crate::common::BIN)
        .arg(root)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn fmt_and_new_cut_off_by_a_full_disk_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("content/2023-11.md");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let text = big_unformatted();
    std::fs::write(&file, &text).unwrap();
    let o = run_with_small_disk("fmt", tmp.path());
    assert!(!o.status.success(), "fmt was expected to be cut off");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    let o = run_with_small_disk("new", tmp.path());
    assert!(!o.status.success(), "new was expected to be cut off");
    assert!(!tmp.path().join("content/2023-12.md").exists());
    // With room, both work, and the snapshot still reads the same.
    let o = statusgen()
        .args(["fmt", "--root"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let after = std::fs::read_to_string(&file).unwrap();
    assert_ne!(after, text);
    assert!(after.starts_with("# Status November 2023\n\nKept as is.\r\n\n| "));
}

#[cfg(unix)]
#[test]
fn fmt_keeps_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("content/2023-11.md");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, big_unformatted()).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    statusgen()
        .args(["fmt", "--root"])
        .arg(tmp.path())
        .assert()
        .success();
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(names(&tmp.path().join("content")), ["2023-11.md"]);
}
