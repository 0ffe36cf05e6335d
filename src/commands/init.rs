//! `statusgen init DIR [--template default|gateway-conformance] [--month YYYY-MM]
//! [--repo OWNER/NAME]`: scaffold a
//! new site in an empty or new directory (see [`crate::authoring::init`]). The default
//! template has an example snapshot for the given month, by default the current UTC month; the
//! gateway-conformance template has none (the import writes them). Prints the files written.

use super::{EXIT_OK, EXIT_USAGE};
use crate::authoring::init::{self as scaffold, Template};
use crate::model::Month;
use std::io::Write;
use std::path::Path;

pub fn run(
    dir: &Path,
    template: Template,
    month: Option<&str>,
    repo: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    if month.is_some() && !template.has_example() {
        let _ = writeln!(
            err,
            "statusgen: --month sets the example snapshot of the default template; the {} template has none (statusgen import writes its snapshots)",
            template.name()
        );
        return EXIT_USAGE;
    }
    let month = match month {
        None => scaffold::current_month(),
        Some(m) => match Month::parse(m) {
            Some(m) => m,
            None => {
                let _ = writeln!(
                    err,
                    "statusgen: \"{m}\" is not a month; write it as YYYY-MM, for example 2024-01"
                );
                return EXIT_USAGE;
            }
        },
    };
    let repo = match repo.map(scaffold::GithubRepo::parse).transpose() {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "statusgen: {e}");
            return EXIT_USAGE;
        }
    };
    match scaffold::init_site(dir, template, month, repo.as_ref()) {
        Ok(paths) => {
            for p in paths {
                let _ = writeln!(out, "{}", p.display());
            }
            let d = dir.display();
            let _ = match template {
                Template::Default => writeln!(
                    err,
                    "created a site in {d}; preview it with `statusgen serve --root {d} --open` (it rebuilds as you edit content/site.yaml and content/{month}.md), and run `statusgen check --root {d}` before you commit"
                ),
                Template::GatewayConformance => writeln!(
                    err,
                    "created a Gateway API conformance site in {d}; clone https://github.com/kubernetes-sigs/gateway-api with its full history, then run `statusgen import gateway-conformance PATH-OF-THE-CLONE --root {d}`"
                ),
                Template::GatewayFeatures => writeln!(
                    err,
                    "created a Gateway API conformance features site in {d}; clone https://github.com/kubernetes-sigs/gateway-api with its full history, then run `statusgen import gateway-conformance PATH-OF-THE-CLONE --root {d}`"
                ),
            };
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "statusgen: {e}");
            EXIT_USAGE
        }
    }
}
