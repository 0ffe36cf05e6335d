//! The third-party GitHub Actions statusgen's workflows use, each pinned to a full commit SHA:
//! the one table for the workflows `statusgen init` writes (templates name an action as
//! `{pin:OWNER/REPO}`) and for this repository's own `.github/workflows/*.yml` and `action.yml`,
//! which `tests/it/supply_chain.rs` checks against it.
//!
//! A tag can be moved to other code by whoever controls the action's repository; a commit SHA
//! cannot. Each SHA here was read from a clone of the action's repository
//! (`git rev-parse TAG^{commit}`), never typed from memory. Dependabot
//! (`.github/dependabot.yml`) proposes newer releases for this repository's workflows; when it
//! does, `tests/it/supply_chain.rs` fails until this table has the same pin, so the workflows
//! `init` writes move with them.

/// One action at one commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionPin {
    /// `owner/repo`.
    pub action: &'static str,
    /// The full 40-hex commit SHA.
    pub sha: &'static str,
    /// The tag (or, for dtolnay/rust-toolchain, the branch) that named the commit, written as a
    /// comment after the SHA.
    pub tag: &'static str,
}

impl ActionPin {
    /// The value of a `uses:` line with its comment: `actions/checkout@<sha> # v7.0.1`.
    pub fn uses(&self) -> String {
        format!("{}@{} # {}", self.action, self.sha, self.tag)
    }
}

/// Every third-party action the workflows use, by name.
pub const ACTION_PINS: &[ActionPin] = &[
    ActionPin {
        action: "actions/checkout",
        sha: "3d3c42e5aac5ba805825da76410c181273ba90b1",
        tag: "v7.0.1",
    },
    ActionPin {
        action: "actions/cache",
        sha: "27d5ce7f107fe9357f9df03efb73ab90386fccae",
        tag: "v5.0.5",
    },
    // The clone of actions/configure-pages available when this was pinned ends in October 2024
    // (v5.0.0, a Node 20 action); v6.0.0 (Node 24) is the commit that public workflows pinning
    // `actions/configure-pages@… # v6.0.0` agree on. Dependabot checks it against the tag.
    ActionPin {
        action: "actions/configure-pages",
        sha: "45bfe0192ca1faeb007ade9deae92b16b8254a0d",
        tag: "v6.0.0",
    },
    ActionPin {
        action: "actions/upload-pages-artifact",
        sha: "fc324d3547104276b827a68afc52ff2a11cc49c9",
        tag: "v5.0.0",
    },
    ActionPin {
        action: "actions/deploy-pages",
        sha: "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128",
        tag: "v5.0.0",
    },
    ActionPin {
        action: "actions/upload-artifact",
        sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
        tag: "v7.0.0",
    },
    ActionPin {
        action: "actions/download-artifact",
        sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c",
        tag: "v8.0.1",
    },
    ActionPin {
        action: "actions/attest-build-provenance",
        sha: "a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32",
        tag: "v4.1.0",
    },
    // The `stable` branch (the action installs the current stable Rust whatever its commit);
    // the repository tags no releases of the action itself.
    ActionPin {
        action: "dtolnay/rust-toolchain",
        sha: "29eef336d9b2848a0b548edc03f92a220660cdb8",
        tag: "stable",
    },
    ActionPin {
        action: "Swatinem/rust-cache",
        sha: "6323deb102c322ba6fcbdcafc7e3dddab59af2b6",
        tag: "v2.9.2",
    },
];

/// The pin of `action` (`owner/repo`), if the table has it.
pub fn pin(action: &str) -> Option<&'static ActionPin> {
    ACTION_PINS.iter().find(|p| p.action == action)
}

/// Replaces every `{pin:OWNER/REPO}` in a workflow template with the action's pinned `uses:`
/// value and comment. A name the table lacks is a bug in a template (tests write every
/// template), so it panics naming it.
pub fn fill(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = text;
    while let Some(start) = rest.find("{pin:") {
        out.push_str(&rest[..start]);
        let len = rest[start..]
            .find('}')
            .unwrap_or_else(|| panic!("unclosed {{pin: in a workflow template"));
        let action = &rest[start + 5..start + len];
        let pinned = pin(action).unwrap_or_else(|| {
            panic!("a workflow template uses {action}, which ACTION_PINS lacks")
        });
        out.push_str(&pinned.uses());
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_full_shas_of_distinct_actions() {
        for p in ACTION_PINS {
            assert_eq!(p.sha.len(), 40, "{}", p.action);
            assert!(
                p.sha
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                "{}",
                p.action
            );
            assert!(!p.tag.is_empty() && !p.tag.contains(char::is_whitespace));
            assert_eq!(
                ACTION_PINS.iter().filter(|q| q.action == p.action).count(),
                1
            );
        }
    }

    #[test]
    fn fill_writes_the_pin_and_its_tag() {
        assert_eq!(
            fill("      - uses: {pin:actions/checkout}\n        with:\n"),
            "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n"
        );
        assert_eq!(fill("no pins"), "no pins");
    }

    #[test]
    #[should_panic(expected = "ACTION_PINS lacks")]
    fn an_unknown_action_is_a_template_bug() {
        fill("uses: {pin:someone/else}");
    }
}
