//! Nothing of the repository's private parts is ever published or served (issue 23, item 1):
//! no file under `.git`, under a hidden path or under an output folder reaches the site, whether
//! a theme holds it directly or through a symlink (to a file or a folder, at any depth, inside
//! the site root or outside it). `check` names the theme file (exit 1), `build` refuses with the
//! same error (exit 1) and leaves the previous output as it was, and `serve` answers no hidden
//! path.

use crate::common::*;
use statusgen::commands::serve::server::{ServeOptions, ServerHandle, start};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What actions/checkout leaves in `.git/config`: the workflow's token.
const TOKEN: &str = "ghs_TOKEN_that_must_never_be_published_4f1c";

/// A valid site using the theme `evil` (one harmless static file), with a repository's private
/// parts beside it: `.git/config` and `.git/HEAD`, `.env`, each holding [`TOKEN`].
fn site_with_secrets() -> tempfile::TempDir {
    let git_config = format!(
        "[core]\n\trepositoryformatversion = 0\n[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic {TOKEN}\n"
    );
    let env = format!("GITHUB_TOKEN={TOKEN}\n");
    let head = format!("ref: refs/heads/{TOKEN}\n");
    site_dir(&[
        ("content/2023-11.md", SMALL.as_bytes()),
        ("content/site.yaml", b"theme: evil\n"),
        ("themes/evil/static/extra.css", b"body { color: black }\n"),
        (".git/config", git_config.as_bytes()),
        (".git/HEAD", head.as_bytes()),
        (".env", env.as_bytes()),
    ])
}

/// Runs `statusgen <cmd> --root <root>` (and `--output <root>/output` for build); returns
/// (exit code, stdout and stderr).
fn run(cmd: &str, root: &Path) -> (i32, String) {
    let mut c = statusgen();
    c.args([cmd, "--root"]).arg(root);
    if cmd == "build" {
        c.arg("--output").arg(root.join("output"));
    }
    let out = c.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// Every file under `dir` whose bytes hold the token (symlinks not followed: the walk sees
/// what a web server publishing the folder would, and a link is itself a leak).
fn leaks(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| {
            e.path_is_symlink()
                || (e.file_type().is_file()
                    && String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).contains(TOKEN))
        })
        .map(|e| e.path().display().to_string())
        .collect()
}

#[cfg(unix)]
fn link(target: &str, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

fn write(at: &Path, bytes: &str) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::fs::write(at, bytes).unwrap();
}

/// One way a pull request can try to publish the repository's private parts, and the path
/// (site-relative) `check` and `build` must name.
struct Attack {
    what: &'static str,
    setup: fn(&Path),
    at: &'static str,
}

#[cfg(unix)]
fn attacks() -> Vec<Attack> {
    vec![
        Attack {
            what: "(a) a folder symlink in static/ to the repository's .git",
            setup: |r| link("../../../.git", &r.join("themes/evil/static/git")),
            at: "themes/evil/static/git",
        },
        Attack {
            what: "(a) the same, named .git",
            setup: |r| link("../../../.git", &r.join("themes/evil/static/.git")),
            at: "themes/evil/static/.git",
        },
        Attack {
            what: "(a) static/ itself a symlink to .git",
            setup: |r| {
                std::fs::remove_dir_all(r.join("themes/evil/static")).unwrap();
                link("../../.git", &r.join("themes/evil/static"));
            },
            at: "themes/evil/static",
        },
        Attack {
            what: "(a) a file symlink to .git/config, deep down",
            setup: |r| {
                link(
                    "../../../../../../.git/config",
                    &r.join("themes/evil/static/a/b/c/config.txt"),
                )
            },
            at: "themes/evil/static/a/b/c/config.txt",
        },
        Attack {
            what: "(a) a folder symlink deep down to a folder holding .git",
            setup: |r| link("../../../../..", &r.join("themes/evil/static/a/b/root")),
            at: "themes/evil/static/a/b/root",
        },
        Attack {
            what: "(a) the theme folder a symlink to a folder inside the root",
            setup: |r| {
                std::fs::rename(r.join("themes/evil"), r.join("elsewhere")).unwrap();
                link("../.git", &r.join("elsewhere/static/git"));
                link("../elsewhere", &r.join("themes/evil"));
            },
            at: "themes/evil",
        },
        Attack {
            what: "(b) a symlink to a hidden file",
            setup: |r| link("../../../.env", &r.join("themes/evil/static/env.txt")),
            at: "themes/evil/static/env.txt",
        },
        Attack {
            what: "(b) a symlink to the output folder",
            setup: |r| link("../../../output", &r.join("themes/evil/static/old")),
            at: "themes/evil/static/old",
        },
        Attack {
            what: "(c) a plain hidden file",
            setup: |r| write(&r.join("themes/evil/static/.env"), TOKEN),
            at: "themes/evil/static/.env",
        },
        Attack {
            what: "(c) a plain .git folder in static/",
            setup: |r| write(&r.join("themes/evil/static/.git/config"), TOKEN),
            at: "themes/evil/static/.git",
        },
        Attack {
            what: "(c) a hidden folder deep down",
            setup: |r| write(&r.join("themes/evil/static/fonts/.cache/x.txt"), TOKEN),
            at: "themes/evil/static/fonts/.cache",
        },
        Attack {
            what: "(c) an output folder inside static/",
            setup: |r| {
                let out = r.join("themes/evil/static/prev");
                let o = statusgen()
                    .args(["build", "--root"])
                    .arg(r)
                    .arg("--output")
                    .arg(&out)
                    .output()
                    .unwrap();
                assert!(o.status.success(), "{o:?}");
            },
            at: "themes/evil/static/prev",
        },
        Attack {
            what: "(d) a template that is a symlink to .git/config",
            setup: |r| {
                link(
                    "../../../.git/config",
                    &r.join("themes/evil/templates/404.html"),
                )
            },
            at: "themes/evil/templates/404.html",
        },
        Attack {
            what: "(d) a symlinked template included by a plain one",
            setup: |r| {
                link(
                    "../../../.git/config",
                    &r.join("themes/evil/templates/leak.html"),
                );
                write(
                    &r.join("themes/evil/templates/404.html"),
                    "{% include \"leak.html\" %}",
                );
            },
            at: "themes/evil/templates/leak.html",
        },
        Attack {
            what: "(d) a hidden template included by a plain one",
            setup: |r| {
                write(&r.join("themes/evil/templates/.leak.html"), TOKEN);
                write(
                    &r.join("themes/evil/templates/404.html"),
                    "{% include \".leak.html\" %}",
                );
            },
            at: "themes/evil/templates/.leak.html",
        },
        Attack {
            what: "(d) templates/ itself a symlink to .git",
            setup: |r| link("../../.git", &r.join("themes/evil/templates")),
            at: "themes/evil/templates",
        },
    ]
}

#[cfg(unix)]
#[test]
fn private_files_in_a_theme_are_refused_by_check_and_build_and_never_published() {
    for attack in attacks() {
        let dir = site_with_secrets();
        let root = dir.path();
        // A previous good build, which a refused one must leave as it was.
        let (code, text) = run("build", root);
        assert_eq!(code, 0, "{text}");
        let before = tree(&root.join("output"));
        assert!(before.contains_key("static/extra.css"));
        (attack.setup)(root);
        let (code, text) = run("check", root);
        assert_eq!(code, 1, "{}: check must fail:\n{text}", attack.what);
        let at = format!("{}:0:0: error: ", attack.at);
        assert!(
            text.contains(&at),
            "{}: check must name {at:?}:\n{text}",
            attack.what
        );
        assert!(
            !text.contains(TOKEN),
            "{}: check printed it:\n{text}",
            attack.what
        );
        let (code, text) = run("build", root);
        assert_eq!(code, 1, "{}: build must fail:\n{text}", attack.what);
        assert!(
            text.contains(&at),
            "{}: build must name {at:?}:\n{text}",
            attack.what
        );
        assert!(
            !text.contains(TOKEN),
            "{}: build printed it:\n{text}",
            attack.what
        );
        assert_eq!(
            tree(&root.join("output")),
            before,
            "{}: the previous output changed",
            attack.what
        );
        assert_eq!(
            leaks(&root.join("output")),
            Vec::<String>::new(),
            "{}",
            attack.what
        );
    }
}

#[cfg(unix)]
#[test]
fn symlinks_in_themes_are_refused_even_to_plain_files_inside_the_root() {
    // A theme is a folder of plain files: a symlink is refused wherever it leads.
    let dir = site_with_secrets();
    write(&dir.path().join("logo.txt"), "logo");
    link(
        "../../../logo.txt",
        &dir.path().join("themes/evil/static/logo.txt"),
    );
    for cmd in ["check", "build"] {
        let (code, text) = run(cmd, dir.path());
        assert_eq!(code, 1, "{cmd}: {text}");
        assert!(
            text.contains("themes/evil/static/logo.txt:0:0: error: is a symlink"),
            "{cmd}: {text}"
        );
    }
    assert!(!dir.path().join("output").exists());
}

#[cfg(unix)]
#[test]
fn themes_itself_may_not_be_a_symlink() {
    let dir = site_with_secrets();
    std::fs::rename(dir.path().join("themes"), dir.path().join("t")).unwrap();
    link("t", &dir.path().join("themes"));
    let (code, text) = run("check", dir.path());
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("themes:0:0: error: is a symlink"), "{text}");
}

#[test]
fn editor_leftovers_in_a_theme_are_skipped_not_read_or_published() {
    // An editor's swap, lock and backup files appear while a theme file is open; they are
    // never read, never published, and do not stop `check`, `build` or `serve`.
    let dir = site_with_secrets();
    let s = dir.path().join("themes/evil/static");
    for name in [".extra.css.swp", "extra.css~", "#extra.css#", ".DS_Store"] {
        write(&s.join(name), TOKEN);
    }
    #[cfg(unix)]
    link("user@host.1234:1700000000", &s.join(".#extra.css"));
    for cmd in ["check", "build"] {
        let (code, text) = run(cmd, dir.path());
        assert_eq!(code, 0, "{cmd}: {text}");
    }
    let out = tree(&dir.path().join("output"));
    assert!(out.contains_key("static/extra.css"));
    assert_eq!(leaks(&dir.path().join("output")), Vec::<String>::new());
}

#[test]
fn ordinary_sites_publish_no_hidden_file_but_nojekyll() {
    let dir = site_with_secrets();
    let (code, text) = run("build", dir.path());
    assert_eq!(code, 0, "{text}");
    let hidden: Vec<String> = tree(&dir.path().join("output"))
        .into_keys()
        .filter(|p| p.split('/').any(|c| c.starts_with('.')))
        .collect();
    assert_eq!(hidden, [".nojekyll", ".statusgen-output"]);
}

#[cfg(unix)]
#[test]
fn site_yaml_and_content_symlinked_to_hidden_paths_are_not_read() {
    // content/site.yaml a symlink to a YAML file in a hidden folder inside the root: its values
    // would be published (the title is on every page).
    let dir = site_with_secrets();
    write(
        &dir.path().join(".private/site.yaml"),
        &format!("title: {TOKEN}\n"),
    );
    std::fs::remove_file(dir.path().join("content/site.yaml")).unwrap();
    link(
        "../.private/site.yaml",
        &dir.path().join("content/site.yaml"),
    );
    for cmd in ["check", "build"] {
        let (code, text) = run(cmd, dir.path());
        assert_eq!(code, 1, "{cmd}: {text}");
        assert!(
            text.contains("content/site.yaml:0:0: error: is a symlink that leads to a hidden path"),
            "{cmd}: {text}"
        );
        assert!(!text.contains(TOKEN), "{text}");
    }
    assert!(!dir.path().join("output").exists());
    // content/ a symlink to a hidden folder.
    let dir = site_with_secrets();
    std::fs::rename(dir.path().join("content"), dir.path().join(".content")).unwrap();
    link(".content", &dir.path().join("content"));
    for cmd in ["check", "build"] {
        let (code, text) = run(cmd, dir.path());
        assert_eq!(code, 2, "{cmd}: {text}");
        assert!(text.contains("leads to a hidden path"), "{cmd}: {text}");
    }
    assert!(!dir.path().join("output").exists());
}

// ---- serve -------------------------------------------------------------------------------

type Logged = Arc<Mutex<Vec<String>>>;

fn serve(root: &Path) -> (ServerHandle, Logged) {
    let logged: Logged = Arc::default();
    let mut opts = ServeOptions::new(root);
    opts.port = 0;
    let l = Arc::clone(&logged);
    opts.log = Arc::new(move |s: &str| l.lock().unwrap().push(s.to_string()));
    (start(opts).unwrap(), logged)
}

/// `GET target`; returns (status, body).
fn get(addr: SocketAddr, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|x| x.1)
        .unwrap_or("")
        .to_string();
    (status, body)
}

const PRIVATE_REQUESTS: &[&str] = &[
    "/.git/config",
    "/.git/HEAD",
    "/%2egit/config",
    "/%2Egit/config",
    "/%2E%67%69%74/config",
    "/.env",
    "/static/.git/config",
    "/static/.git/HEAD",
    "/static/%2egit/config",
    "/static/git/config",
    "/static/git/HEAD",
    "/static/.env",
    "/static/env.txt",
    "/.statusgen-output",
    "/.nojekyll",
];

/// No private request gets a 200, and no answer holds the token.
fn nothing_private_answered(addr: SocketAddr) {
    for target in PRIVATE_REQUESTS {
        let (status, body) = get(addr, target);
        assert_ne!(status, 200, "{target} answered: {body}");
        assert!(
            !body.contains(TOKEN),
            "{target} answered the token ({status})"
        );
    }
}

#[cfg(unix)]
fn arm(root: &Path) {
    link("../../../.git", &root.join("themes/evil/static/.git"));
    link("../../../.git", &root.join("themes/evil/static/git"));
    link("../../../.env", &root.join("themes/evil/static/env.txt"));
}

#[cfg(unix)]
#[test]
fn serve_answers_no_private_path_of_a_hostile_theme() {
    let dir = site_with_secrets();
    arm(dir.path());
    let (h, logged) = serve(dir.path());
    nothing_private_answered(h.addr());
    let log = logged.lock().unwrap().join("\n");
    assert!(
        log.contains("themes/evil/static/.git:0:0: is a symlink"),
        "{log}"
    );
    assert!(!log.contains(TOKEN), "{log}");
    h.stop();
}

#[cfg(unix)]
#[test]
fn serve_keeps_the_last_good_site_when_a_theme_turns_hostile() {
    let dir = site_with_secrets();
    let (h, logged) = serve(dir.path());
    let addr = h.addr();
    assert_eq!(get(addr, "/static/extra.css").0, 200);
    nothing_private_answered(addr);
    arm(dir.path());
    // The rebuild fails, naming the link; the last good site stays up without it.
    let failed = || {
        logged
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("build failed") || l.contains("rebuilt"))
    };
    for _ in 0..100 {
        if failed() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = logged.lock().unwrap().join("\n");
    assert!(
        log.contains("themes/evil/static/.git:0:0: is a symlink"),
        "{log}"
    );
    assert!(!log.contains(TOKEN), "{log}");
    assert_eq!(get(addr, "/static/extra.css").0, 200);
    nothing_private_answered(addr);
    h.stop();
}

#[cfg(unix)]
#[test]
fn serve_never_reads_through_a_theme_symlink() {
    // A symlink to a named pipe: reading through it would block the server for ever (a symlink
    // to /dev/zero would fill the memory). The watcher notes the link, never its target.
    let dir = site_with_secrets();
    let pipe = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    link(
        "../../../pipe",
        &dir.path().join("themes/evil/static/p.css"),
    );
    let (tx, rx) = std::sync::mpsc::channel();
    let root = dir.path().to_path_buf();
    std::thread::spawn(move || {
        let served = serve(&root);
        let _ = tx.send(served);
    });
    let (h, logged) = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("serve must start without reading through the symlink");
    let log = logged.lock().unwrap().join("\n");
    assert!(
        log.contains("themes/evil/static/p.css:0:0: is a symlink"),
        "{log}"
    );
    h.stop();
}
