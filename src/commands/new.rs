//! `statusgen new [YYYY-MM]`: start a month's snapshot (by default the month after the latest)
//! as a copy of the latest snapshot with its month moved on (see [`crate::authoring::new`]); prints
//! the path written. Refuses to overwrite an existing snapshot.

use super::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE, report};
use crate::authoring::new::{self as rollover, NewError};
use crate::model::Month;
use std::io::Write;
use std::path::Path;

pub fn run(root: &Path, month: Option<&str>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let month = match month.map(|m| (m, Month::parse(m))) {
        None => None,
        Some((_, Some(m))) => Some(m),
        Some((m, None)) => {
            let _ = writeln!(
                err,
                "statusgen: \"{m}\" is not a month; write it as YYYY-MM, for example 2024-01"
            );
            return EXIT_USAGE;
        }
    };
    let result = rollover::plan(root, month)
        .and_then(|new| rollover::write(root, &new).map(|path| (new, path)));
    match result {
        Ok((new, path)) => {
            let _ = writeln!(out, "{}", path.display());
            let _ = writeln!(err, "created the {} snapshot from {}", new.month, new.from);
            EXIT_OK
        }
        Err(e) => {
            if let NewError::Content(d) = &e {
                report(root, d, err);
            }
            let _ = writeln!(err, "statusgen: {e}");
            match e {
                NewError::Io(_) => EXIT_USAGE,
                _ => EXIT_CONTENT,
            }
        }
    }
}
