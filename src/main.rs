//! The statusgen binary: parses arguments and calls the library; nothing else.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use statusgen::authoring::init::Template;
use statusgen::commands;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "statusgen",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("STATUSGEN_COMMIT"), ")"),
    about = "Static site generator for dated status-report matrices"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour diagnostics: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    color: ColorArg,
    /// Print errors only: no warnings, no summaries
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also say what is read and written
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Treat warnings as errors: exit 1 when there is any (build writes nothing then)
    #[arg(long, global = true)]
    deny_warnings: bool,
    /// The configuration file, relative to the site root (default: content/site.yaml)
    #[arg(short, long, global = true, value_name = "FILE")]
    config: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Human,
    Github,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum TemplateArg {
    Default,
    GatewayConformance,
    GatewayFeatures,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Report every problem in content/ as file:line:col (exit 1 on errors)
    Check {
        /// The site's folder, which holds content/
        #[arg(short = 'r', long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
    },
    /// Build the site from content/ into output/
    Build {
        /// The site's folder, which holds content/
        #[arg(short = 'r', long, default_value = ".")]
        root: PathBuf,
        /// Output directory (default: ROOT/output)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Public URL of the site, e.g. https://owner.github.io/repo/
        #[arg(long)]
        base_url: Option<String>,
        /// Replace an output directory statusgen did not create (it is kept beside, renamed)
        #[arg(long)]
        force: bool,
        /// Also publish drafts (`draft: true`) and months after the current one
        #[arg(long, short = 'D')]
        drafts: bool,
    },
    /// Preview the site at http://127.0.0.1:8000/, rebuilding and reloading on changes
    Serve {
        /// The site's folder, which holds content/
        #[arg(short = 'r', long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on (127.0.0.1 keeps the preview on this machine)
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port to listen on (default: 8000, or the next free one after it)
        #[arg(long)]
        port: Option<u16>,
        /// Public URL of the site; pages are served under its path (e.g. /repo/)
        #[arg(long)]
        base_url: Option<String>,
        /// Allow a --bind address other than loopback (reachable from other machines)
        #[arg(long)]
        allow_remote: bool,
        /// Open the preview in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Show what changed between two snapshots (months like 2024-03, or snapshot file paths)
    Diff {
        /// Month or file to compare from (default: the second-to-last month)
        from: Option<String>,
        /// Month or file to compare to (default: the last month)
        to: Option<String>,
        /// The site's folder, which holds content/
        #[arg(short = 'r', long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormat,
    },
    /// Print the parsed history as JSON or CSV
    Export {
        /// The site's folder, which holds content/
        #[arg(short = 'r', long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
    },
    /// Rewrite matrix tables in canonical form (default: every snapshot under ROOT/content)
    Fmt {
        /// Change nothing; list the files that would change and exit 1 if any
        #[arg(long)]
        check: bool,
        files: Vec<PathBuf>,
        /// The site's folder, which holds content/
        #[arg(short = 'r', long, default_value = ".")]
        root: PathBuf,
    },
    /// Start a month's snapshot (default: the month after the latest) from the latest one
    New {
        /// The month to create, YYYY-MM
        month: Option<String>,
        /// The site's folder, which holds content/
        #[arg(short = 'r', long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site in DIR (new or empty): by default with an example snapshot
    Init {
        dir: PathBuf,
        /// default: a hand-edited matrix with an example snapshot; gateway-conformance: a site
        /// for `statusgen import gateway-conformance`, with its mapping and import workflow;
        /// gateway-features: the same, one item per conformance feature
        #[arg(long, value_enum, default_value = "default")]
        template: TemplateArg,
        /// Month of the example snapshot, YYYY-MM (default: the current UTC month)
        #[arg(long)]
        month: Option<String>,
        /// The GitHub repository the site will live in (fills its Source link and README)
        #[arg(long, value_name = "OWNER/NAME")]
        repo: Option<String>,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) on stdout
    #[command(after_help = "Install, for example:\n  \
        bash: statusgen completions bash > ~/.local/share/bash-completion/completions/statusgen\n  \
        zsh:  statusgen completions zsh > \"${fpath[1]}/_statusgen\"\n  \
        fish: statusgen completions fish > ~/.config/fish/completions/statusgen.fish\n  \
        powershell: statusgen completions powershell >> $PROFILE")]
    Completions { shell: clap_complete::Shell },
    /// Print the JSON Schema of content/site.yaml on stdout (for editors and other tools)
    Schema,
    /// Print the man page (roff) on stdout, or write one page per command into --dir
    Man {
        /// Write statusgen.1 and statusgen-<command>.1 into this directory
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Make snapshots from another source (conformance reports or a file's history in git, or an exported CSV)
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
}

/// The month range and write policy shared by the importers that read git history.
#[derive(clap::Args)]
struct MonthFlags {
    /// First month to write, YYYY-MM
    #[arg(long, value_parser = parse_month)]
    since: Option<statusgen::model::Month>,
    /// Last month to write, YYYY-MM
    #[arg(long, value_parser = parse_month)]
    until: Option<statusgen::model::Month>,
    /// Also rewrite generated files of past months that differ from the import
    #[arg(long)]
    rewrite_past: bool,
    /// Write nothing; list what would be created or updated
    #[arg(long)]
    dry_run: bool,
}

impl From<MonthFlags> for commands::import::GatewayArgs {
    fn from(f: MonthFlags) -> Self {
        commands::import::GatewayArgs {
            since: f.since,
            until: f.until,
            rewrite_past: f.rewrite_past,
            dry_run: f.dry_run,
            items: None,
        }
    }
}

/// `--items` of `import gateway-conformance`.
#[derive(Clone, Copy, ValueEnum)]
enum ItemsArg {
    #[value(name = "proposals")]
    Geps,
    Features,
}

#[derive(Subcommand)]
enum ImportSource {
    /// One snapshot per month from the conformance reports in a gateway-api clone's history
    GatewayConformance {
        /// A full clone of kubernetes-sigs/gateway-api (work tree or bare; not shallow)
        source: PathBuf,
        /// The site's folder, which holds content/
        #[arg(short = 'r', long, default_value = ".")]
        root: PathBuf,
        /// What the matrix's items are (default: `import.gateway_conformance.items` in
        /// content/site.yaml, else proposals): one column per GEP, or one per conformance feature
        #[arg(long, value_enum)]
        items: Option<ItemsArg>,
        #[command(flatten)]
        months: MonthFlags,
    },
    /// One snapshot per month from one markdown file's history in a git repository
    GitHistory {
        /// The file's path from the repository's top (followed across renames)
        file: String,
        /// The repository (work tree or bare; not shallow)
        #[arg(long)]
        repo: PathBuf,
        /// The site's folder, which holds content/
        #[arg(short = 'r', long, default_value = ".")]
        root: PathBuf,
        #[command(flatten)]
        months: MonthFlags,
    },
    /// Snapshots from a CSV as `statusgen export --format csv` writes it
    Csv {
        file: PathBuf,
        /// The site's folder, which holds content/
        #[arg(short = 'r', long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                commands::EXIT_USAGE
            } else {
                commands::EXIT_OK
            };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    use std::io::IsTerminal as _;
    if let Some(file) = &cli.config {
        statusgen::config::use_config_file(file);
    }
    commands::set_ui(commands::Ui {
        color: match cli.color {
            ColorArg::Auto => commands::ColorChoice::Auto,
            ColorArg::Always => commands::ColorChoice::Always,
            ColorArg::Never => commands::ColorChoice::Never,
        },
        quiet: cli.quiet,
        verbose: cli.verbose,
        deny_warnings: cli.deny_warnings,
        stdout_terminal: std::io::stdout().is_terminal(),
        stderr_terminal: std::io::stderr().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        width: commands::terminal_width(),
    });
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = match cli.command {
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "statusgen", &mut out);
            commands::EXIT_OK
        }
        Command::Schema => {
            let schema = statusgen::schema::json_schema();
            match serde_json::to_writer_pretty(&mut out, &schema) {
                Ok(()) => {
                    use std::io::Write as _;
                    let _ = writeln!(out);
                    commands::EXIT_OK
                }
                Err(e) => {
                    use std::io::Write as _;
                    let _ = writeln!(err, "statusgen schema: {e}");
                    commands::EXIT_USAGE
                }
            }
        }
        Command::Man { dir } => man(dir.as_deref(), &mut out, &mut err),
        Command::Check { root, format } => {
            let format = match format {
                CheckFormat::Human => statusgen::diag::Format::Human,
                CheckFormat::Github => statusgen::diag::Format::Github,
                CheckFormat::Json => statusgen::diag::Format::Json,
            };
            commands::check::run(&root, format, &mut out, &mut err)
        }
        Command::Build {
            root,
            output,
            base_url,
            force,
            drafts,
        } => {
            let args = commands::build::BuildArgs {
                root,
                output,
                base_url,
                force,
                single_threaded: false,
                drafts,
            };
            commands::build::run(&args, &mut err)
        }
        Command::Diff {
            from,
            to,
            root,
            format,
        } => {
            let format = match format {
                DiffFormat::Text => commands::diff::DiffFormat::Text,
                DiffFormat::Markdown => commands::diff::DiffFormat::Markdown,
                DiffFormat::Json => commands::diff::DiffFormat::Json,
            };
            commands::diff::run(
                &root,
                from.as_deref(),
                to.as_deref(),
                format,
                &mut out,
                &mut err,
            )
        }
        Command::Export { root, format } => {
            let format = match format {
                ExportFormat::Json => commands::export::ExportFormat::Json,
                ExportFormat::Csv => commands::export::ExportFormat::Csv,
            };
            commands::export::run(&root, format, &mut out, &mut err)
        }
        Command::New { month, root } => {
            commands::new::run(&root, month.as_deref(), &mut out, &mut err)
        }
        Command::Fmt { check, files, root } => {
            commands::fmt::run(&root, &files, check, &mut out, &mut err)
        }
        Command::Init {
            dir,
            template,
            month,
            repo,
        } => {
            let template = match template {
                TemplateArg::Default => Template::Default,
                TemplateArg::GatewayConformance => Template::GatewayConformance,
                TemplateArg::GatewayFeatures => Template::GatewayFeatures,
            };
            commands::init::run(
                &dir,
                template,
                month.as_deref(),
                repo.as_deref(),
                &mut out,
                &mut err,
            )
        }
        Command::Import { source } => match source {
            ImportSource::GatewayConformance {
                source,
                root,
                items,
                months,
            } => commands::import::gateway_conformance(
                &root,
                &source,
                &commands::import::GatewayArgs {
                    items: items.map(|i| match i {
                        ItemsArg::Geps => statusgen::import::settings::ImportItems::Geps,
                        ItemsArg::Features => statusgen::import::settings::ImportItems::Features,
                    }),
                    ..months.into()
                },
                &mut out,
                &mut err,
            ),
            ImportSource::GitHistory {
                file,
                repo,
                root,
                months,
            } => commands::import::git_history(
                &root,
                &repo,
                &file,
                &months.into(),
                &mut out,
                &mut err,
            ),
            ImportSource::Csv { file, root } => {
                commands::import::csv(&root, &file, &mut out, &mut err)
            }
        },
        Command::Serve {
            root,
            bind,
            port,
            base_url,
            allow_remote,
            open,
        } => {
            let args = commands::serve::ServeArgs {
                root,
                bind,
                port: port.unwrap_or(8000),
                // The default port may be taken (another preview): the next free one is used.
                next_ports: if port.is_some() { 0 } else { 20 },
                base_url,
                allow_remote,
                open,
            };
            commands::serve::run(&args, &mut err)
        }
    };
    std::process::exit(code);
}

/// `statusgen man`: the top-level page on stdout, or every page into `dir`.
fn man(
    dir: Option<&std::path::Path>,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> i32 {
    let cmd = Cli::command();
    let Some(dir) = dir else {
        return match clap_mangen::Man::new(cmd).render(out) {
            Ok(()) => commands::EXIT_OK,
            Err(e) => {
                let _ = writeln!(err, "statusgen man: {e}");
                commands::EXIT_USAGE
            }
        };
    };
    let write_all = || -> std::io::Result<usize> {
        std::fs::create_dir_all(dir)?;
        clap_mangen::generate_to(cmd, dir)?;
        Ok(std::fs::read_dir(dir)?.count())
    };
    match write_all() {
        Ok(n) => {
            let _ = writeln!(err, "statusgen man: {n} page(s) in {}", dir.display());
            commands::EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "statusgen man: {}: {e}", dir.display());
            commands::EXIT_USAGE
        }
    }
}

/// `--since YYYY-MM`, `--until YYYY-MM`.
fn parse_month(s: &str) -> Result<statusgen::model::Month, String> {
    statusgen::model::Month::parse(s)
        .ok_or_else(|| format!("\"{s}\" is not a month; write YYYY-MM"))
}
