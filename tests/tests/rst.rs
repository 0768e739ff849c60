//! reStructuredText output: a golden for every fixture schema and for the
//! shipped schema, every one clean under docutils with warnings treated as
//! errors, the Markdown fixture, plain text that survives escaping, and the
//! committed manual in `docs/` kept up to date.

mod rst_support;

use qapi_gen_codegen::rst::{self, Options};
use qapi_gen_tests::{assert_goldens, check_golden, tests_dir, workspace_root};

use rst_support::{MANUAL, REGENERATE, SHIPPED, docutils_paragraphs, docutils_problems, fixtures, load};

#[test]
fn goldens_match_and_output_is_deterministic() {
    let mut mismatches = Vec::new();
    for fixture in fixtures() {
        let text = rst::emit(&fixture.schema, &Options::default());
        assert_eq!(text, rst::emit(&fixture.schema, &Options::default()), "{}: output differs between runs", fixture.stem);
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{}: output must end with exactly one newline", fixture.stem);
        assert!(!text.lines().any(|l| l.ends_with(' ')), "{}: output has trailing whitespace", fixture.stem);
        mismatches.extend(check_golden(&tests_dir(&format!("expected/{}.rst", fixture.stem)), &text));
    }
    assert_goldens(mismatches);
}

#[test]
fn every_manual_passes_docutils_with_warnings_as_errors() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let mut files = Vec::new();
    for fixture in fixtures() {
        let path = directory.path().join(format!("{}.rst", fixture.stem));
        std::fs::write(&path, rst::emit(&fixture.schema, &Options::default())).expect("write manual");
        files.push(path);
    }
    let problems = docutils_problems(&files);
    assert!(problems.is_empty(), "docutils reported problems:\n{}", problems.join("\n"));
}

#[test]
fn markdown_fixture_matches_its_golden_and_passes_docutils() {
    let source = std::fs::read_to_string(tests_dir("markdown/all-constructs.md")).expect("read the Markdown fixture");
    let text = rst::markdown_to_rst(&source);
    assert_goldens(check_golden(&tests_dir("expected/all-constructs.rst"), &text).into_iter().collect());
    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("all-constructs.rst");
    std::fs::write(&path, &text).expect("write");
    let problems = docutils_problems(&[path]);
    assert!(problems.is_empty(), "docutils reported problems:\n{}", problems.join("\n"));
}

#[test]
fn committed_manual_is_up_to_date() {
    let schema = load(&workspace_root().join(SHIPPED));
    let expected = rst::emit(&schema, &Options::default());
    let path = workspace_root().join(MANUAL);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != expected {
        let line = committed
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(expected.lines().count()));
        panic!("{MANUAL} is stale (first difference at line {}): regenerate it with\n\n    {REGENERATE}\n\nand commit the result.", line + 1);
    }
    let problems = docutils_problems(&[path]);
    assert!(problems.is_empty(), "docutils reported problems:\n{}", problems.join("\n"));
}

/// Text full of characters that are markup in RST, each written as a
/// Markdown paragraph with Markdown's own specials escaped, must come out of
/// docutils as exactly the same text.
#[test]
fn plain_text_survives_escaping() {
    let samples = [
        r"a*b*c and *emphasis* look-alike",
        r"`code` and ``literal`` look-alikes",
        r"snake_case_name, trailing_ and __double",
        r"|substitution| and a|b",
        r"back\slash, C:\path\ and \\ double",
        r"[1]_ and [#]_ and name_ and `name`_",
        r":role:`x` and :field: text",
        r"- leading dash",
        r"+ leading plus",
        r"1. leading number",
        r"a) leading letter",
        r"(i) leading roman",
        r"#. auto number",
        r".. leading dots",
        r"..",
        r"::",
        r"ends with a double colon::",
        r">>> doctest",
        r"=====",
        r"-- attribution look-alike",
        r"<angle> brackets & ampersands",
        r"http://example.com/a_b_ and mail@example.com",
        "unicode — “quotes” café 日本",
    ];
    let (rst, paragraphs) = escaped_through_docutils(&samples);
    let expected: Vec<String> = samples.iter().map(|s| s.replace('\t', " ")).collect();
    assert_eq!(paragraphs, expected, "RST was:\n{rst}");
}

/// Random plain text, made of pieces that are markup in RST, comes out of
/// docutils exactly as written.
#[test]
fn random_plain_text_survives_escaping() {
    let mut random = rst_support::Random::new(rst_support::seed(0x5eed));
    let samples: Vec<String> =
        (0..rst_support::cases(300)).map(|_| rst_support::plain_text(&mut random).trim().to_string()).filter(|s| !s.is_empty()).collect();
    let (_, paragraphs) = escaped_through_docutils(&samples);
    let expected: Vec<String> = samples.iter().map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    let paragraphs: Vec<String> = paragraphs.iter().map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    if let Some(index) = (0..expected.len()).find(|&i| paragraphs.get(i) != expected.get(i)) {
        assert_eq!(
            paragraphs.len(),
            expected.len(),
            "paragraph count differs from text {index}: wrote {:?}, read {:?}",
            expected[index],
            paragraphs.get(index)
        );
    }
    let wrong: Vec<String> = expected.iter().zip(&paragraphs).filter(|(e, p)| e != p).map(|(e, p)| format!("  wrote {e:?}\n  read  {p:?}")).collect();
    assert!(wrong.is_empty(), "{} of {} texts changed:\n{}", wrong.len(), expected.len(), wrong.join("\n"));
}

/// Random Markdown documents never make docutils warn.
#[test]
fn random_markdown_is_docutils_clean() {
    let mut random = rst_support::Random::new(rst_support::seed(0xd0c));
    let sources: Vec<String> = (0..rst_support::cases(400)).map(|_| rst_support::markdown(&mut random, 0)).collect();
    let documents: Vec<String> = sources.iter().map(|s| rst::markdown_to_rst(s)).collect();
    let messages = rst_support::docutils_messages(&documents);
    let failures: Vec<String> = sources
        .iter()
        .zip(&documents)
        .zip(&messages)
        .filter(|(_, m)| !m.is_empty())
        .map(|((source, rst), message)| format!("--- Markdown:\n{source}\n--- RST:\n{rst}\n--- docutils:\n{message}"))
        .collect();
    assert!(failures.is_empty(), "{} of {} documents made docutils warn; the first:\n{}", failures.len(), sources.len(), failures[0]);
}

/// Free-form headings open sections at their level (a skipped level is
/// closed up), definitions sit one level below, and the manual's own
/// sections are at the top, as docutils itself reads the document.
#[test]
fn sections_nest_as_the_schema_says() {
    let schema = load(&tests_dir("schemas/rst/manual.yaml"));
    let sections = rst_support::docutils_sections(&rst::emit(&schema, &Options::default()));
    let top: Vec<&str> = sections.iter().filter(|(depth, _)| *depth == 2).map(|(_, title)| title.as_str()).collect();
    assert_eq!(top, ["Reliability of unplug failure reporting", "Devices", "Events", "Commands", "Deprecated and removed interfaces"]);
    let depth_of = |title: &str| sections.iter().find(|(_, t)| t == title).map(|(depth, _)| *depth);
    assert_eq!(depth_of("Hot-unplug manual fixture"), Some(1), "the document title");
    assert_eq!(depth_of("SlotType (enum)"), Some(3));
    assert_eq!(depth_of("A heading two levels deeper becomes a subsection"), Some(3));
    assert_eq!(depth_of("device_del (command)"), Some(4));
    assert_eq!(depth_of("Which unplug failures cannot be detected?"), Some(3));
    assert_eq!(depth_of("Removed"), Some(3));

    let shipped = load(&workspace_root().join(SHIPPED));
    let sections = rst_support::docutils_sections(&rst::emit(&shipped, &Options::default()));
    let top: Vec<&str> = sections.iter().filter(|(depth, _)| *depth == 2).map(|(_, title)| title.as_str()).collect();
    assert_eq!(top.first(), Some(&"Reliability of unplug failure reporting"));
    assert_eq!(top.last(), Some(&"Deprecated and removed interfaces"));
    assert!(sections.iter().filter(|(_, t)| t.ends_with(')')).all(|(depth, _)| *depth >= 3), "definitions below a section: {sections:?}");
}

/// `samples` as Markdown paragraphs with every ASCII punctuation character
/// escaped, written as RST and read back by docutils: the RST and the text
/// of each paragraph. docutils must report nothing.
fn escaped_through_docutils(samples: &[impl AsRef<str>]) -> (String, Vec<String>) {
    let mut markdown = String::new();
    for sample in samples {
        for c in sample.as_ref().chars() {
            if c.is_ascii_punctuation() {
                markdown.push('\\');
            }
            markdown.push(c);
        }
        markdown.push_str("\n\n");
    }
    let rst = rst::markdown_to_rst(&markdown);
    let result = docutils_paragraphs(&rst);
    assert_eq!(result["messages"], "", "docutils reported problems for:\n{rst}");
    let paragraphs = result["paragraphs"].as_array().expect("paragraphs").iter().filter_map(|p| p.as_str()).map(str::to_owned).collect();
    (rst, paragraphs)
}
