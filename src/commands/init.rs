//! `statusgen init DIR [--month YYYY-MM]`: scaffold a new site in an empty or new directory
//! (see [`crate::authoring::init`]) with an example snapshot for the given month, by default the
//! current UTC month; prints the files written.

use super::{EXIT_OK, EXIT_USAGE};
use crate::authoring::init as scaffold;
use crate::model::Month;
use std::io::Write;
use std::path::Path;

pub fn run(dir: &Path, month: Option<&str>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
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
    match scaffold::init_site(dir, month) {
        Ok(paths) => {
            for p in paths {
                let _ = writeln!(out, "{}", p.display());
            }
            let _ = writeln!(
                err,
                "created a site in {}; edit content/site.yaml and content/{month}.md, then run `statusgen check --root {}`",
                dir.display(),
                dir.display()
            );
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "statusgen: {e}");
            EXIT_USAGE
        }
    }
}
