//! `cargo run --release --example synth -- --months 36 --implementors 40 --proposals 25
//! --seed 42 --out DIR`: writes a deterministic synthetic site for benchmarks (`scripts/bench`)
//! and tests. A development tool, not part of statusgen's library or command line; the
//! generator is in `generate.rs`, which the tests include as a module.

mod generate;
mod scale;
mod sections;

use clap::{Parser, ValueEnum};
use generate::{SynthOptions, write_files, write_site};
use statusgen::model::Month;
use std::path::PathBuf;

/// Write a deterministic synthetic site; OUT must be new or empty
#[derive(Parser)]
#[command(name = "synth")]
struct Args {
    #[arg(long)]
    months: usize,
    #[arg(long)]
    implementors: usize,
    #[arg(long)]
    proposals: usize,
    #[arg(long)]
    seed: u64,
    #[arg(long, default_value = "2022-01", value_parser = parse_month)]
    start: Month,
    #[arg(long)]
    out: PathBuf,
    /// `gateway` (default): the Gateway API tables; `sections`: a spec compliance matrix with
    /// implementors as columns, sections, groups, an attribute column and N/A (issue #16);
    /// `names`: IMPLEMENTORS new names every month, near names planted in the last (issue 23);
    /// `rows`: one snapshot of IMPLEMENTORS rows (issue 23); `pair-gateway`, `pair-rows`,
    /// `pair-columns`: two months of IMPLEMENTORS table rows each for `diff` at scale, in the
    /// Gateway API shape, a configured shape with implementors as rows, or configured items as
    /// rows (examples/synth/scale.rs). The scale shapes ignore --proposals, --seed and --start.
    #[arg(long, value_enum, default_value = "gateway")]
    shape: Shape,
}

#[derive(Clone, Copy, ValueEnum)]
enum Shape {
    Gateway,
    Sections,
    Names,
    Rows,
    PairGateway,
    PairRows,
    PairColumns,
}

/// `--start YYYY-MM`.
fn parse_month(s: &str) -> Result<Month, String> {
    Month::parse(s).ok_or_else(|| format!("\"{s}\" is not a month; write YYYY-MM"))
}

fn main() {
    let a = Args::parse();
    let opts = SynthOptions {
        months: a.months,
        implementors: a.implementors,
        proposals: a.proposals,
        seed: a.seed,
        start: a.start,
    };
    let written = match a.shape {
        Shape::Gateway => write_site(&a.out, &opts),
        Shape::Sections => match opts.validate() {
            Err(m) => Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, m)),
            Ok(()) if opts.implementors > sections::MAX_LANGUAGES => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "--shape sections has at most {} implementors (languages)",
                    sections::MAX_LANGUAGES
                ),
            )),
            Ok(()) => write_files(
                &a.out,
                sections::generate(
                    opts.months,
                    opts.implementors,
                    opts.proposals,
                    opts.seed,
                    opts.start,
                ),
            ),
        },
        Shape::Names => write_files(
            &a.out,
            scale::names(a.months, a.implementors, scale::PLANT_EVERY),
        ),
        Shape::Rows => write_files(&a.out, scale::rows(a.implementors)),
        Shape::PairGateway => write_files(
            &a.out,
            scale::pair(a.implementors, scale::PairShape::Gateway),
        ),
        Shape::PairRows => write_files(&a.out, scale::pair(a.implementors, scale::PairShape::Rows)),
        Shape::PairColumns => write_files(
            &a.out,
            scale::pair(a.implementors, scale::PairShape::Columns),
        ),
    };
    if let Err(e) = written {
        eprintln!("synth: {e}");
        std::process::exit(2);
    }
}
