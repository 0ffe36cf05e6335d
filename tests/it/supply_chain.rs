//! The supply chain of the workflows: this repository's own (`.github/workflows/*.yml`), its
//! GitHub Action (`action.yml`), and every workflow `statusgen init` writes (and the examples'
//! copies of them).
//!
//! * every third-party action is pinned by a full commit SHA, with its tag in a comment, and
//!   the pins are the ones of `statusgen::authoring::init::ACTION_PINS` (one table for all);
//! * no `${{ … }}` expression inside a `run:` script (values reach scripts through `env:`);
//! * `actions/checkout` keeps no credentials, except in the one job that pushes;
//! * Dependabot keeps the actions current; the import workflow never force-pushes;
//! * the action's shell steps, run here with bash and a fake `gh`, `cargo` and `statusgen` on
//!   `PATH` (no network): the release comes from the action's own ref, inputs cannot inject a
//!   second output, `args` are not glob-expanded, and a failed download or checksum fails the
//!   step instead of building from source.

use crate::common::read_text;
use serde_json::Value;
use statusgen::authoring::init::{ACTION_PINS, pins::pin};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn yaml(label: &str, text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{label}: {e}"))
}

/// `(label, text)` of every workflow and action file: the repository's workflows and action,
/// the examples' workflows, and what `statusgen init` writes for each template.
fn workflow_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut dirs = vec![PathBuf::from(ROOT).join(".github/workflows")];
    for example in std::fs::read_dir(Path::new(ROOT).join("examples")).unwrap() {
        let wf = example.unwrap().path().join(".github/workflows");
        if wf.is_dir() {
            dirs.push(wf);
        }
    }
    for dir in dirs {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
            .collect();
        paths.sort();
        for p in paths {
            let label = p.strip_prefix(ROOT).unwrap().display().to_string();
            files.push((label, read_text(&p)));
        }
    }
    files.push((
        "action.yml".into(),
        read_text(&Path::new(ROOT).join("action.yml")),
    ));
    let month = statusgen::model::Month::new(2024, 5).unwrap();
    for template in [
        statusgen::authoring::init::Template::Default,
        statusgen::authoring::init::Template::GatewayConformance,
    ] {
        for (path, text) in statusgen::authoring::init::template_files(template, month) {
            if path.starts_with(".github/workflows/") {
                files.push((format!("init {}: {path}", template.name()), text));
            }
        }
    }
    assert!(files.len() >= 12, "{}", files.len());
    files
}

/// The steps of a workflow's jobs or of a composite action: `(job, step)`.
fn steps(doc: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    if let Some(jobs) = doc["jobs"].as_object() {
        for (name, job) in jobs {
            for step in job["steps"].as_array().into_iter().flatten() {
                out.push((name.clone(), step));
            }
        }
    }
    for step in doc["runs"]["steps"].as_array().into_iter().flatten() {
        out.push(("(action)".into(), step));
    }
    out
}

/// Every `uses:` line of a file, as written: `(value, comment after #)`.
fn uses_lines(text: &str) -> Vec<(String, Option<String>)> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix("- ").unwrap_or(l).trim_start();
            let rest = l.strip_prefix("uses:")?.trim();
            Some(match rest.split_once(" #") {
                Some((v, c)) => (v.trim().to_string(), Some(c.trim().to_string())),
                None => (rest.to_string(), None),
            })
        })
        .collect()
}

fn is_sha(s: &str) -> bool {
    s.len() == 40
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// statusgen's own action, used by the workflows init writes, is pinned to the exact release
/// that wrote the site (not a SHA): the binary it installs comes from that same release.
fn is_statusgen_release(uses: &str) -> bool {
    uses.strip_prefix("statusgen/statusgen@v").is_some_and(|v| {
        let parts: Vec<&str> = v.split('.').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    })
}

#[test]
fn every_action_is_pinned_by_commit_sha_with_its_tag() {
    let mut problems = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    for (label, text) in workflow_files() {
        let doc = yaml(&label, &text);
        let in_yaml: Vec<String> = steps(&doc)
            .iter()
            .filter_map(|(_, s)| s["uses"].as_str().map(String::from))
            .collect();
        let lines = uses_lines(&text);
        assert_eq!(
            lines.iter().map(|l| &l.0).collect::<Vec<_>>(),
            in_yaml.iter().collect::<Vec<_>>(),
            "{label}: every uses: is on a line of its own"
        );
        for (uses, comment) in lines {
            if uses.starts_with("./") || is_statusgen_release(&uses) {
                continue;
            }
            let Some((_, sha)) = uses.split_once('@') else {
                problems.push(format!("{label}: {uses} has no ref"));
                continue;
            };
            if !is_sha(sha) {
                problems.push(format!(
                    "{label}: {uses} is not pinned by a full commit SHA"
                ));
            } else if comment.as_deref().is_none_or(str::is_empty) {
                problems.push(format!("{label}: {uses} has no # tag comment"));
            }
            // The one table: the same action at the same commit everywhere.
            let (action, sha) = uses.split_once('@').unwrap();
            match pin(action) {
                None => problems.push(format!(
                    "{label}: {action} is not in ACTION_PINS (src/authoring/init/pins.rs)"
                )),
                Some(p) if p.sha != sha || comment.as_deref() != Some(p.tag) => {
                    problems.push(format!(
                        "{label}: {uses} # {} differs from ACTION_PINS: {}; update src/authoring/init/pins.rs or the workflow so they agree",
                        comment.as_deref().unwrap_or(""),
                        p.uses()
                    ))
                }
                Some(_) => {
                    used.insert(action.to_string());
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let unused: Vec<&str> = ACTION_PINS
        .iter()
        .map(|p| p.action)
        .filter(|a| !used.contains(*a))
        .collect();
    assert!(
        unused.is_empty(),
        "ACTION_PINS lists unused actions: {unused:?}"
    );
}

/// The text of every `run:` script: `(file, job, step name, script)`.
fn run_scripts() -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for (label, text) in workflow_files() {
        let doc = yaml(&label, &text);
        for (job, step) in steps(&doc) {
            if let Some(run) = step["run"].as_str() {
                let name = step["name"].as_str().unwrap_or("(unnamed)").to_string();
                out.push((label.clone(), job, name, run.to_string()));
            }
        }
    }
    out
}

#[test]
fn no_expression_inside_a_run_script() {
    let bad: Vec<String> = run_scripts()
        .into_iter()
        .filter(|(.., run)| run.contains("${{"))
        .map(|(file, job, name, run)| {
            let line = run.lines().find(|l| l.contains("${{")).unwrap();
            format!("{file}: {job}: {name}: {}", line.trim())
        })
        .collect();
    assert!(
        bad.is_empty(),
        "pass these through env: instead:\n{}",
        bad.join("\n")
    );
}

#[test]
fn checkout_keeps_no_credentials_unless_the_job_pushes() {
    let mut problems = Vec::new();
    let mut pushing_jobs = 0;
    for (label, text) in workflow_files() {
        let doc = yaml(&label, &text);
        for (name, job) in doc["jobs"].as_object().into_iter().flatten() {
            let job_steps = job["steps"].as_array().cloned().unwrap_or_default();
            let pushes = job_steps
                .iter()
                .any(|s| s["run"].as_str().is_some_and(|r| r.contains("git push")));
            pushing_jobs += usize::from(pushes);
            for step in &job_steps {
                let is_checkout = step["uses"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("actions/checkout@"));
                if !is_checkout {
                    continue;
                }
                let persist = &step["with"]["persist-credentials"];
                let off = *persist == Value::Bool(false) || *persist == "false";
                if pushes && off {
                    problems.push(format!(
                        "{label}: {name} pushes but its checkout keeps no credentials"
                    ));
                } else if !pushes && !off {
                    problems.push(format!(
                        "{label}: {name}: checkout without persist-credentials: false"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The import workflow, written by init and copied in the two gateway examples.
    assert_eq!(pushing_jobs, 3, "only the import job pushes");
}

#[test]
fn the_import_workflow_never_force_pushes() {
    for (label, text) in workflow_files() {
        for (.., run) in steps(&yaml(&label, &text))
            .into_iter()
            .filter_map(|(j, s)| s["run"].as_str().map(|r| (j, r.to_string())))
        {
            for line in run.lines().filter(|l| l.contains("git push")) {
                assert!(
                    !line.contains("--force") && !line.contains(" -f") && !line.contains(" +"),
                    "{label}: {line}"
                );
                // A branch of its own per run: nobody else's commits can be on it.
                assert!(line.contains("${branch}"), "{label}: {line}");
            }
        }
    }
    let month = statusgen::model::Month::new(2024, 5).unwrap();
    let import = statusgen::authoring::init::template_files(
        statusgen::authoring::init::Template::GatewayConformance,
        month,
    )
    .into_iter()
    .find(|(p, _)| p == ".github/workflows/import.yml")
    .unwrap()
    .1;
    assert!(
        import.contains(r#"branch="statusgen-import/gateway-conformance-${UNTIL}-${GITHUB_RUN_ID}-${GITHUB_RUN_ATTEMPT}""#),
        "{import}"
    );
    assert!(import.contains(r#"git push --quiet origin "HEAD:refs/heads/${branch}""#));
}

#[test]
fn dependabot_keeps_the_actions_current() {
    let ecosystems = |label: &str, text: &str| -> Vec<(String, String)> {
        let doc = yaml(label, text);
        assert_eq!(doc["version"], 2, "{label}");
        doc["updates"]
            .as_array()
            .unwrap_or_else(|| panic!("{label}: updates"))
            .iter()
            .map(|u| {
                assert!(u["schedule"]["interval"].is_string(), "{label}");
                (
                    u["package-ecosystem"].as_str().unwrap().to_string(),
                    u["directory"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let own = read_text(&Path::new(ROOT).join(".github/dependabot.yml"));
    assert_eq!(
        ecosystems(".github/dependabot.yml", &own),
        [
            ("github-actions".into(), "/".into()),
            ("cargo".into(), "/".into())
        ]
    );
    let month = statusgen::model::Month::new(2024, 5).unwrap();
    for template in [
        statusgen::authoring::init::Template::Default,
        statusgen::authoring::init::Template::GatewayConformance,
    ] {
        let files = statusgen::authoring::init::template_files(template, month);
        let (_, text) = files
            .iter()
            .find(|(p, _)| p == ".github/dependabot.yml")
            .unwrap_or_else(|| panic!("{}: no dependabot.yml", template.name()));
        assert_eq!(
            ecosystems(template.name(), text),
            [("github-actions".to_string(), "/".to_string())]
        );
    }
}

// ---- the action's shell steps, run with bash ----

/// The values a step's `${{ … }}` expressions read.
#[derive(Default, Clone)]
struct Ctx {
    inputs: BTreeMap<String, String>,
    github: BTreeMap<String, String>,
    runner: BTreeMap<String, String>,
    steps: BTreeMap<String, BTreeMap<String, String>>,
}

impl Ctx {
    fn eval(&self, expr: &str) -> String {
        let parts: Vec<&str> = expr.trim().split('.').collect();
        let get = |m: &BTreeMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_default();
        match parts.as_slice() {
            ["inputs", k] => get(&self.inputs, k),
            ["github", k] => get(&self.github, k),
            ["runner", k] => get(&self.runner, k),
            ["steps", id, "outputs", k] => {
                self.steps.get(*id).map(|o| get(o, k)).unwrap_or_default()
            }
            _ => panic!("the test does not evaluate ${{{{ {expr} }}}}"),
        }
    }

    fn substitute(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = start + rest[start..].find("}}").expect("closed expression");
            out.push_str(&self.eval(&rest[start + 3..end]));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }
}

/// A runner for the action's steps: a temporary directory with a tool cache, a workspace, a
/// fake `gh`, `cargo` and `statusgen` on `PATH`, and the action's inputs at their defaults.
struct Runner {
    dir: tempfile::TempDir,
    ctx: Ctx,
    env: BTreeMap<String, String>,
}

struct StepRun {
    ok: bool,
    log: String,
    outputs: BTreeMap<String, String>,
    raw_output: String,
}

const FAKE_GH: &str = r#"#!/usr/bin/env bash
{ printf 'gh'; printf ' %q' "$@"; echo; } >> "$FAKE_LOG"
case "$1 $2" in
  "release view")
    if [ -z "${FAKE_LATEST+set}" ]; then echo "release not found" >&2; exit 1; fi
    printf '%s\n' "$FAKE_LATEST" ;;
  "release download")
    if [ -n "${FAKE_DOWNLOAD_FAIL:-}" ]; then echo "HTTP 502: Bad Gateway" >&2; exit 1; fi
    dir=.
    while [ $# -gt 0 ]; do if [ "$1" = --dir ]; then dir=$2; fi; shift; done
    cp "$FAKE_ASSETS"/* "$dir"/ ;;
  *) echo "fake gh: unexpected $*" >&2; exit 2 ;;
esac
"#;

const FAKE_CARGO: &str = r#"#!/usr/bin/env bash
{ printf 'cargo'; printf ' %q' "$@"; echo; } >> "$FAKE_LOG"
root=""
while [ $# -gt 0 ]; do if [ "$1" = --root ]; then root=$2; fi; shift; done
mkdir -p "$root/bin" && echo built > "$root/bin/statusgen"
"#;

const FAKE_STATUSGEN: &str = r#"#!/usr/bin/env bash
printf '%s\n' "$@" > "$FAKE_ARGS"
"#;

impl Runner {
    fn new() -> Runner {
        let dir = tempfile::tempdir().unwrap();
        let p = |rel: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(&path).unwrap();
            path.display().to_string()
        };
        let bin = p("fakebin");
        for (name, text) in [
            ("gh", FAKE_GH),
            ("cargo", FAKE_CARGO),
            ("statusgen", FAKE_STATUSGEN),
        ] {
            let path = Path::new(&bin).join(name);
            std::fs::write(&path, text).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        let mut env = BTreeMap::new();
        let system_path = std::env::var("PATH").unwrap_or_default();
        env.insert("PATH".into(), format!("{bin}:{system_path}"));
        env.insert("HOME".into(), p("home"));
        env.insert("RUNNER_OS".into(), "Linux".into());
        env.insert("RUNNER_ARCH".into(), "X64".into());
        env.insert("RUNNER_TOOL_CACHE".into(), p("toolcache"));
        env.insert("RUNNER_TEMP".into(), p("temp"));
        env.insert("GITHUB_WORKSPACE".into(), p("work"));
        env.insert("GITHUB_REPOSITORY".into(), "octo-org/status".into());
        env.insert(
            "GITHUB_ACTION_PATH".into(),
            p("actions/_actions/statusgen/statusgen/v0.1.0"),
        );
        env.insert(
            "FAKE_LOG".into(),
            dir.path().join("calls.log").display().to_string(),
        );
        env.insert(
            "FAKE_ARGS".into(),
            dir.path().join("args.txt").display().to_string(),
        );
        env.insert("FAKE_ASSETS".into(), p("assets"));

        let action = action();
        let mut ctx = Ctx::default();
        ctx.github.insert("token".into(), "fake-token".into());
        ctx.github
            .insert("action_repository".into(), "statusgen/statusgen".into());
        ctx.github.insert("action_ref".into(), "v0.1.0".into());
        ctx.runner.insert("os".into(), "Linux".into());
        ctx.runner.insert("arch".into(), "X64".into());
        for (name, input) in action["inputs"].as_object().unwrap() {
            let default = input["default"].as_str().unwrap_or("");
            let value = ctx.substitute(default);
            ctx.inputs.insert(name.clone(), value);
        }
        Runner { dir, ctx, env }
    }

    fn input(&mut self, name: &str, value: &str) -> &mut Runner {
        assert!(self.ctx.inputs.contains_key(name), "no input {name}");
        self.ctx.inputs.insert(name.into(), value.into());
        self
    }

    fn github(&mut self, name: &str, value: &str) -> &mut Runner {
        self.ctx.github.insert(name.into(), value.into());
        self
    }

    fn env(&mut self, name: &str, value: &str) -> &mut Runner {
        self.env.insert(name.into(), value.into());
        self
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn calls(&self) -> String {
        std::fs::read_to_string(self.path("calls.log")).unwrap_or_default()
    }

    /// Runs the action's step `name` as the runner does (`bash --noprofile --norc -eo pipefail`,
    /// the step's `env:` evaluated), in the workspace, with a fresh `GITHUB_OUTPUT`.
    fn run(&mut self, name: &str) -> StepRun {
        let action = action();
        let step = action["runs"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("action.yml has no step {name:?}"))
            .clone();
        let script = step["run"].as_str().expect("a run: step");
        let script_path = self.path("step.sh");
        std::fs::write(&script_path, self.ctx.substitute(script)).unwrap();
        let output = self.path("github_output");
        let github_path = self.path("github_path");
        std::fs::write(&output, "").unwrap();
        let mut cmd = std::process::Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script_path)
            .current_dir(&self.env["GITHUB_WORKSPACE"])
            .env_clear()
            .envs(&self.env)
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_PATH", &github_path);
        for (k, v) in step["env"].as_object().into_iter().flatten() {
            cmd.env(k, self.ctx.substitute(v.as_str().unwrap_or("")));
        }
        let o = cmd.output().unwrap();
        let raw_output = read_text(&output);
        let outputs = parse_github_output(&raw_output);
        if let Some(id) = step["id"].as_str() {
            self.ctx.steps.insert(id.into(), outputs.clone());
        }
        StepRun {
            ok: o.status.success(),
            log: format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
            outputs,
            raw_output,
        }
    }
}

fn action() -> Value {
    yaml(
        "action.yml",
        &read_text(&Path::new(ROOT).join("action.yml")),
    )
}

/// `$GITHUB_OUTPUT` as the runner reads it: `key=value` lines and `key<<DELIMITER` blocks.
fn parse_github_output(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((key, delim)) = line.split_once("<<") {
            let mut value = Vec::new();
            for l in lines.by_ref() {
                if l == delim {
                    break;
                }
                value.push(l);
            }
            out.insert(key.to_string(), value.join("\n"));
        } else if let Some((key, value)) = line.split_once('=') {
            out.insert(key.to_string(), value.to_string());
        }
    }
    out
}

/// A release's assets as release.yml publishes them: the archive for x86_64 Linux and
/// `SHA256SUMS` (with `checksum` in place of the true one when given).
fn publish(r: &Runner, tag: &str, checksum: Option<&str>) {
    let name = format!("statusgen-{tag}-x86_64-unknown-linux-musl");
    let staging = r.path("staging").join(&name);
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::write(staging.join("statusgen"), "the released binary\n").unwrap();
    let assets = r.path("assets");
    let archive = format!("{name}.tar.gz");
    let ok = std::process::Command::new("tar")
        .arg("-czf")
        .arg(assets.join(&archive))
        .arg("-C")
        .arg(r.path("staging"))
        .arg(&name)
        .status()
        .unwrap();
    assert!(ok.success());
    let sum = match checksum {
        Some(s) => s.to_string(),
        None => {
            // sha256sum (GNU) or shasum (macOS), as the action itself.
            let o = std::process::Command::new("bash")
                .args([
                    "-c",
                    r#"sha256sum "$1" 2>/dev/null || shasum -a 256 "$1""#,
                    "-",
                ])
                .arg(&archive)
                .current_dir(&assets)
                .output()
                .unwrap();
            String::from_utf8(o.stdout).unwrap()[..64].to_string()
        }
    };
    std::fs::write(
        assets.join("SHA256SUMS"),
        format!(
            "{sum}  {archive}\n{}  statusgen-{tag}-x86_64-apple-darwin.tar.gz\n",
            "1".repeat(64)
        ),
    )
    .unwrap();
}

#[test]
#[cfg(unix)]
fn the_release_is_the_actions_own_ref() {
    let mut r = Runner::new();
    r.env("FAKE_LATEST", "v9.9.9");
    let s = r.run("Resolve version and platform");
    assert!(s.ok, "{}", s.log);
    assert_eq!(s.outputs["tag"], "v0.1.0", "{}", s.raw_output);
    assert_eq!(s.outputs["repo"], "statusgen/statusgen");
    assert_eq!(s.outputs["target"], "x86_64-unknown-linux-musl");
    assert!(
        s.outputs["dir"].ends_with("/statusgen/v0.1.0/x86_64-unknown-linux-musl"),
        "{}",
        s.outputs["dir"]
    );
    assert_eq!(r.calls(), "", "no release lookup");

    // Runners that leave github.action_ref empty in composite steps: the action's path.
    let mut r = Runner::new();
    r.github("action_ref", "").github("action_repository", "");
    r.env(
        "GITHUB_ACTION_PATH",
        "/home/runner/work/_actions/statusgen/statusgen/v0.3.1",
    );
    let s = r.run("Resolve version and platform");
    assert!(s.ok, "{}", s.log);
    assert_eq!(s.outputs["tag"], "v0.3.1");
    assert_eq!(s.outputs["repo"], "statusgen/statusgen");

    // `uses: ./` (the action in the workflow's own repository): no ref, so version is needed.
    let mut r = Runner::new();
    r.github("action_ref", "").github("action_repository", "");
    let work = r.env["GITHUB_WORKSPACE"].clone();
    r.env("GITHUB_ACTION_PATH", &work);
    assert!(!r.run("Resolve version and platform").ok);
    r.input("version", "v0.1.0");
    let s = r.run("Resolve version and platform");
    assert!(s.ok, "{}", s.log);
    assert_eq!(s.outputs["repo"], "octo-org/status");
}

#[test]
#[cfg(unix)]
fn a_sha_or_branch_ref_needs_the_version_input() {
    for git_ref in ["0123456789abcdef0123456789abcdef01234567", "main", "v0"] {
        let mut r = Runner::new();
        r.github("action_ref", git_ref).env("FAKE_LATEST", "v9.9.9");
        let s = r.run("Resolve version and platform");
        assert!(!s.ok, "{git_ref}: {}", s.raw_output);
        assert!(
            s.log.contains("is not a release tag") && s.log.contains("version: v"),
            "{git_ref}: {}",
            s.log
        );
        assert_eq!(s.raw_output, "", "{git_ref}");

        r.input("version", "v0.2.0");
        let s = r.run("Resolve version and platform");
        assert!(s.ok, "{git_ref}: {}", s.log);
        assert_eq!(s.outputs["tag"], "v0.2.0");
    }
}

#[test]
#[cfg(unix)]
fn version_latest_asks_github_and_checks_the_answer() {
    let mut r = Runner::new();
    r.input("version", "latest").env("FAKE_LATEST", "v0.4.2");
    let s = r.run("Resolve version and platform");
    assert!(s.ok, "{}", s.log);
    assert_eq!(s.outputs["tag"], "v0.4.2");
    assert!(
        r.calls()
            .starts_with("gh release view --repo statusgen/statusgen")
    );

    let mut r = Runner::new();
    r.input("version", "latest")
        .env("FAKE_LATEST", "v0.4.2\nrepo=attacker/statusgen");
    let s = r.run("Resolve version and platform");
    assert!(!s.ok, "{}", s.raw_output);
    assert!(!s.raw_output.contains("attacker"), "{}", s.raw_output);
}

#[test]
#[cfg(unix)]
fn an_injected_newline_in_version_is_refused() {
    for bad in [
        "v0.1.0\nrepo=attacker/statusgen",
        "v0.1.0\rrepo=attacker/statusgen",
        "0.1.0",
        "v0.1",
        "v0.1.0 ",
        "v0.1.0/../../attacker",
        "$(touch pwned)",
        "v1.2.3\ndir=/tmp/attacker",
    ] {
        let mut r = Runner::new();
        r.input("version", bad);
        let s = r.run("Resolve version and platform");
        assert!(!s.ok, "{bad:?} accepted: {}", s.raw_output);
        assert!(
            s.log.contains("version must be a release tag"),
            "{bad:?}: {}",
            s.log
        );
        assert!(
            !s.raw_output.contains("attacker"),
            "{bad:?}: {}",
            s.raw_output
        );
        assert!(!r.path("work/pwned").exists());
    }
    // Nor through the repository the runner names.
    let mut r = Runner::new();
    r.github("action_repository", "statusgen/statusgen\ntag=v6.6.6");
    let s = r.run("Resolve version and platform");
    assert!(!s.ok, "{}", s.raw_output);
    assert!(!s.raw_output.contains("v6.6.6"), "{}", s.raw_output);
}

#[test]
#[cfg(unix)]
fn args_are_split_on_white_space_and_never_glob_expanded() {
    let mut r = Runner::new();
    for f in ["a.md", "b.md"] {
        std::fs::write(r.path("work").join(f), "").unwrap();
    }
    r.input("args", "*  --x\t'q r'\n?.md");
    let s = r.run("Run statusgen");
    assert!(s.ok, "{}", s.log);
    let args = read_text(&r.path("args.txt"));
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        ["build", "--root", ".", "*", "--x", "'q", "r'", "?.md"],
        "{}",
        s.log
    );
}

#[test]
#[cfg(unix)]
fn a_failed_download_fails_the_step() {
    let mut r = Runner::new();
    r.env("FAKE_DOWNLOAD_FAIL", "1");
    assert!(r.run("Resolve version and platform").ok);
    let s = r.run("Install statusgen");
    assert!(!s.ok, "{}", s.log);
    assert!(s.log.contains("could not download"), "{}", s.log);
    assert!(!r.calls().contains("cargo"), "no silent source build");
}

#[test]
#[cfg(unix)]
fn a_wrong_or_missing_checksum_fails_the_step() {
    for sums in [Some("0".repeat(64)), Some("not-a-checksum".to_string())] {
        let mut r = Runner::new();
        publish(&r, "v0.1.0", sums.as_deref());
        let s = r.run("Resolve version and platform");
        let dir = PathBuf::from(&s.outputs["dir"]);
        let s = r.run("Install statusgen");
        assert!(!s.ok, "{sums:?}: {}", s.log);
        assert!(s.log.contains("checksum"), "{}", s.log);
        assert!(!dir.join("bin/statusgen").exists());
        assert!(!r.calls().contains("cargo"), "no silent source build");
    }
}

#[test]
#[cfg(unix)]
fn a_verified_archive_is_installed() {
    let mut r = Runner::new();
    publish(&r, "v0.1.0", None);
    let s = r.run("Resolve version and platform");
    let dir = PathBuf::from(&s.outputs["dir"]);
    let s = r.run("Install statusgen");
    assert!(s.ok, "{}", s.log);
    assert_eq!(
        read_text(&dir.join("bin/statusgen")),
        "the released binary\n"
    );
    assert!(r.calls().starts_with("gh release download v0.1.0"));
    assert!(!r.calls().contains("cargo"));
}

#[test]
#[cfg(unix)]
fn only_a_runner_without_an_archive_builds_from_source_and_says_so() {
    let mut r = Runner::new();
    r.env("RUNNER_ARCH", "ARM");
    let s = r.run("Resolve version and platform");
    assert!(s.ok, "{}", s.log);
    assert_eq!(s.outputs["target"], "");
    let s = r.run("Install statusgen");
    assert!(s.ok, "{}", s.log);
    assert!(s.log.contains("building it from source"), "{}", s.log);
    assert_eq!(
        r.calls().trim(),
        format!(
            "cargo install --locked --git https://github.com/statusgen/statusgen --tag v0.1.0 --root {} statusgen",
            r.path("toolcache/statusgen/v0.1.0/source").display()
        )
    );
}
