//! What a site calls its rows and its items, inside a sentence: [`Nouns`], each a [`Noun`] in
//! the singular and the plural ("implementation" / "implementations", "proposal" /
//! "proposals"), built once from two labels by [`Nouns::new`], with English plurals
//! ([`plural`]).
//!
//! A leaf: it takes plain strings and names nothing of the crate. The one function that reads
//! a configuration into nouns is [`crate::site::nouns`], beside the configuration's loading in
//! the read stage: parse's diagnostics are the first to need the nouns, and parse sits below
//! `present`, so present's wording cannot be their home; the read stage computes them once per
//! read ([`crate::site::Site::nouns`]) and hands them to parse, to the checks across months and
//! to present. The configuration keeps only data.

/// One noun as it stands inside a sentence, in lower case: `one` for a single thing, `many`
/// for several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Noun {
    pub one: String,
    pub many: String,
}

impl Noun {
    /// The noun for `label` inside a sentence: the label in lower case, and its [`plural`].
    pub fn from_label(label: &str) -> Noun {
        let one = label.to_lowercase();
        let many = plural(&one);
        Noun { one, many }
    }
}

/// The nouns of a site: what an implementor (a row of the matrix, or a column with the axis
/// turned) and an item are called inside a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nouns {
    pub implementor: Noun,
    pub item: Noun,
}

impl Nouns {
    /// The nouns for an implementor called `implementor` ("Implementation") and an item called
    /// `item` ("Feature"), each in lower case with its plural.
    pub fn new(implementor: &str, item: &str) -> Nouns {
        Nouns {
            implementor: Noun::from_label(implementor),
            item: Noun::from_label(item),
        }
    }
}

/// The English plural of `word` (of its last word, when it has several): a consonant and "y"
/// become "ies" ("proxy" → "proxies"), an ending in s, x, z, ch or sh takes "es" ("alias" →
/// "aliases"), anything else "s" ("feature" → "features"). A word written in capitals is
/// read as an initialism and keeps its "y" ("GEP" → "GEPs", "OS" → "OSes"). The ending added
/// is in lower case.
pub fn plural(word: &str) -> String {
    let initialism = word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase);
    // The endings the rule reads are ASCII, so ASCII lower case is enough to compare them.
    let mut tail = word.chars().rev().map(|c| c.to_ascii_lowercase());
    let (last, before) = (tail.next(), tail.next());
    let sibilant = matches!(last, Some('s' | 'x' | 'z'))
        || matches!((before, last), (Some('c' | 's'), Some('h')));
    let consonant_y = last == Some('y')
        && before.is_some_and(|c| c.is_alphabetic() && !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u'));
    let (stem, ending) = if sibilant {
        (word, "es")
    } else if consonant_y && !initialism {
        // The last character is "y" or "Y", one byte.
        (&word[..word.len() - 1], "ies")
    } else {
        (word, "s")
    };
    [stem, ending].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_words_take_s() {
        for (one, many) in [
            ("implementation", "implementations"),
            ("feature", "features"),
            ("language", "languages"),
            ("implementor", "implementors"),
            ("proposal", "proposals"),
            ("day", "days"),
            ("key", "keys"),
            ("", "s"),
            ("[g](javascript:x)", "[g](javascript:x)s"),
            ("spec 2", "spec 2s"),
        ] {
            assert_eq!(plural(one), many, "{one}");
        }
    }

    #[test]
    fn a_consonant_and_y_become_ies() {
        for (one, many) in [
            ("proxy", "proxies"),
            ("library", "libraries"),
            ("Proxy", "Proxies"),
            ("language binding library", "language binding libraries"),
        ] {
            assert_eq!(plural(one), many, "{one}");
        }
    }

    #[test]
    fn sibilants_take_es() {
        for (one, many) in [
            ("alias", "aliases"),
            ("box", "boxes"),
            ("waltz", "waltzes"),
            ("patch", "patches"),
            ("mesh", "meshes"),
            ("service mesh", "service meshes"),
        ] {
            assert_eq!(plural(one), many, "{one}");
        }
    }

    #[test]
    fn initialisms_take_a_lower_case_ending_and_keep_their_y() {
        for (one, many) in [
            ("GEP", "GEPs"),
            ("KEP", "KEPs"),
            ("API", "APIs"),
            ("OS", "OSes"),
            ("SDK", "SDKs"),
            ("PLY", "PLYs"),
        ] {
            assert_eq!(plural(one), many, "{one}");
        }
    }

    #[test]
    fn nouns_are_the_labels_in_lower_case() {
        let n = Nouns::new("Implementation", "Feature");
        assert_eq!(n.implementor.one, "implementation");
        assert_eq!(n.implementor.many, "implementations");
        assert_eq!(n.item.one, "feature");
        assert_eq!(n.item.many, "features");
        // Lower case first, so a label in capitals is a word, not an initialism, in a sentence.
        let n = Nouns::new("LIBRARY", "Proxy");
        assert_eq!(n.implementor.many, "libraries");
        assert_eq!(n.item.many, "proxies");
    }
}
