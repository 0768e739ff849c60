//! RST emitter: the checked model to a reStructuredText manual.
//!
//! The manual has a title and introduction (the schema's `doc`), the
//! reliability matrix of unplug failures with plain-language answers, then
//! the free-form documentation and every definition in source order
//! (free-form headings start sections, each definition is a section of its
//! own), and last the deprecated and removed interfaces. Every definition
//! has an explicit target named after it, so references work in plain
//! docutils and in Sphinx alike; no Sphinx-only markup is used.
//!
//! ```
//! # fn manual(schema: &qapi_gen_schema::Schema) -> String {
//! qapi_gen_codegen::rst::emit(schema, &qapi_gen_codegen::rst::Options::default())
//! # }
//! ```

mod definitions;
mod deprecations;
mod markdown;
mod reliability;
mod writer;

use std::collections::{BTreeMap, BTreeSet};

use qapi_gen_schema::Schema;
use qapi_gen_schema::model::{Item, Type};
use qapi_gen_schema::reliability::SECTION_ANCHORS;

use self::writer::Writer;

/// Options of the RST emitter.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {}

/// The manual of `schema`.
#[must_use]
pub fn emit(schema: &Schema, options: &Options) -> String {
    let _ = options;
    let mut document = Document::new(schema);
    document.title_and_intro();
    reliability::section(&mut document);
    document.items();
    deprecations::section(&mut document);
    document.writer.finish()
}

/// Renders one Markdown text outside any manual (for tests and tools):
/// headings become rubrics, inline code is never a reference.
#[must_use]
pub fn markdown_to_rst(markdown: &str) -> String {
    let mut writer = Writer::new();
    markdown::render(&mut writer, markdown, &Links::default(), None);
    writer.finish()
}

/// The explicit targets of the manual: one per definition, and one per
/// `#anchor` a doc text may link to (sections and reliability rows).
#[derive(Debug, Default)]
pub(crate) struct Links {
    targets: BTreeMap<String, String>,
    anchors: BTreeMap<String, String>,
}

impl Links {
    /// A target per definition, named like it. Reference names are
    /// case-insensitive in RST, so a name that differs from an earlier one
    /// only in case gets its kind added (`EVENT (event)`).
    fn new(schema: &Schema) -> Self {
        let mut targets = BTreeMap::new();
        let mut used = BTreeSet::new();
        for definition in &schema.definitions {
            let mut target = definition.name.clone();
            let mut counter = 1;
            while !used.insert(target.to_lowercase()) {
                counter += 1;
                target = if counter == 2 {
                    format!("{} ({})", definition.name, definition.kind.keyword())
                } else {
                    format!("{} ({} {counter})", definition.name, definition.kind.keyword())
                };
            }
            targets.insert(definition.name.clone(), target);
        }
        let mut anchors = BTreeMap::new();
        if !schema.reliability.is_empty() {
            for anchor in SECTION_ANCHORS.into_iter().filter(|a| *a != "deprecations") {
                anchors.insert(anchor.to_string(), reliability::section_target(anchor));
            }
            for row in &schema.reliability {
                anchors.insert(row.anchor(), reliability::row_target(row));
            }
        }
        if deprecations::has_section(schema) {
            anchors.insert("deprecations".to_string(), DEPRECATIONS_TARGET.to_string());
        }
        Links { targets, anchors }
    }

    /// The target of a `#anchor` link, when the manual has it.
    #[must_use]
    pub fn anchor(&self, anchor: &str) -> Option<&str> {
        self.anchors.get(anchor).map(String::as_str)
    }

    /// The target of the definition called `name`.
    #[must_use]
    pub fn target(&self, name: &str) -> Option<&str> {
        self.targets.get(name).map(String::as_str)
    }
}

/// Target names of the manual's own sections; they contain spaces, so no
/// definition name can clash with them.
pub(crate) const RELIABILITY_TARGET: &str = "unplug reliability";
pub(crate) const DEPRECATIONS_TARGET: &str = "deprecated interfaces";

/// The manual being written: the writer plus the section structure.
pub(crate) struct Document<'a> {
    pub schema: &'a Schema,
    pub writer: Writer,
    pub links: Links,
    /// For every type, the definitions that refer to it, in source order.
    pub users: BTreeMap<String, Vec<String>>,
    flow: Flow,
    introduced: BTreeSet<String>,
}

/// Section depths: the last section opened, and the last one opened by
/// free-form documentation (definitions go one level below that).
#[derive(Debug)]
struct Flow {
    depth: usize,
    flow: usize,
    base: u8,
    title_pending: bool,
}

impl markdown::Sections for Flow {
    fn heading(&mut self, writer: &mut Writer, level: u8) {
        if self.title_pending {
            self.title_pending = false;
            writer.title(0);
            return;
        }
        let depth = usize::from(level.saturating_sub(self.base)).saturating_add(1).clamp(1, self.depth + 1);
        writer.title(depth);
        self.depth = depth;
        self.flow = depth;
    }
}

impl<'a> Document<'a> {
    fn new(schema: &'a Schema) -> Self {
        // Headings of every text that can open sections: included modules'
        // docs, free-form docs, and the introduction (less its title).
        let included = schema.modules.iter().filter(|m| m.name != schema.module);
        let mut docs: Vec<&str> = included.filter_map(|m| m.doc.as_ref()).map(|d| d.text.as_str()).collect();
        docs.extend(schema.items.iter().filter_map(|item| match item {
            Item::Doc(free) => Some(free.doc.text.as_str()),
            Item::Definition(_) => None,
        }));
        let intro = schema.doc.as_ref().map(|d| d.text.as_str()).unwrap_or_default();
        docs.push(markdown::split_title(intro).map_or(intro, |(_, rest)| rest));
        let base = docs.iter().flat_map(|doc| markdown::heading_levels(doc)).min().unwrap_or(1);
        let mut introduced = BTreeSet::new();
        introduced.insert(schema.module.clone());
        Document {
            schema,
            writer: Writer::new(),
            links: Links::new(schema),
            users: definitions::users(schema),
            flow: Flow { depth: 0, flow: 0, base, title_pending: false },
            introduced,
        }
    }

    /// Header comment, title, bibliographic fields, introduction, contents.
    fn title_and_intro(&mut self) {
        let schema = self.schema;
        let source = schema.modules.first().map_or(schema.module.as_str(), |m| m.path.as_str());
        self.writer.comment(&qapi_gen_codegen_header(source));
        let intro = schema.doc.as_ref().map(|d| d.text.as_str()).unwrap_or_default();
        match markdown::split_title(intro) {
            Some((title, rest)) => {
                // The title alone first, so the bibliographic fields follow it directly.
                self.flow.title_pending = true;
                markdown::render(&mut self.writer, title, &self.links, Some(&mut self.flow));
                self.fields();
                markdown::render(&mut self.writer, rest, &self.links, Some(&mut self.flow));
            }
            None => {
                self.writer.text("The ");
                self.writer.code(&schema.module);
                self.writer.text(" interface");
                self.writer.title(0);
                self.fields();
                markdown::render(&mut self.writer, intro, &self.links, Some(&mut self.flow));
            }
        }
        self.writer.directive("contents", Some("Contents"), &[("depth", "2")]);
    }

    fn fields(&mut self) {
        let schema = self.schema;
        self.writer.blank_line();
        self.writer.code(&schema.module);
        self.writer.field("Module");
        if let Some(version) = schema.version {
            self.writer.text(&version.to_string());
            self.writer.field("Version");
        }
        if let Some(releases) = schema.policy.deprecation_releases {
            self.writer.text(&format!("a deprecated interface stays {}", deprecations::kept(releases)));
            self.writer.field("Deprecation policy");
        }
        self.writer.blank_line();
    }

    /// Free-form documentation and definitions: the top module's in source
    /// order, then each included module's, so the manual reads from the
    /// interface itself to what it builds on.
    fn items(&mut self) {
        let schema = self.schema;
        let own_module = |item: &Item| match item {
            Item::Doc(free) => free.module == schema.module,
            Item::Definition(index) => schema.definitions.get(*index).is_some_and(|d| d.module == schema.module),
        };
        let (own, included): (Vec<&Item>, Vec<&Item>) = schema.items.iter().partition(|item| own_module(item));
        let items: Vec<&Item> = own.into_iter().chain(included).collect();
        // Items before the first heading would otherwise end up in the
        // reliability section: give them a section of their own.
        let nothing_to_introduce =
            |module: &str| self.introduced.contains(module) || schema.modules.iter().all(|m| m.name != module || m.doc.is_none());
        let opens_section = match items.first().copied() {
            Some(Item::Doc(free)) => markdown::starts_with_heading(&free.doc.text) || !nothing_to_introduce(&free.module),
            Some(Item::Definition(index)) => schema.definitions.get(*index).is_some_and(|d| !nothing_to_introduce(&d.module)),
            None => true,
        };
        if !opens_section {
            self.writer.text("Interface reference");
            self.open_section(1);
        }
        for item in items {
            match item {
                Item::Doc(free) => {
                    let text = free.doc.text.as_str();
                    let rest = self.introduce(&free.module, Some(text));
                    markdown::render(&mut self.writer, rest, &self.links, Some(&mut self.flow));
                }
                Item::Definition(index) => {
                    let Some(definition) = schema.definitions.get(*index) else { continue };
                    self.introduce(&definition.module, None);
                    definitions::definition(self, definition);
                }
            }
        }
    }

    /// Writes the doc of an included module before its first item: after
    /// the heading that item starts with, or else under a section of its
    /// own. Returns what remains of the free-form `doc` to render.
    fn introduce<'d>(&mut self, module: &str, doc: Option<&'d str>) -> &'d str {
        let doc = doc.unwrap_or_default();
        if !self.introduced.insert(module.to_string()) {
            return doc;
        }
        let schema = self.schema;
        let Some(intro) = schema.modules.iter().find(|m| m.name == module).and_then(|m| m.doc.as_ref()) else {
            return doc;
        };
        let rest = match markdown::split_heading(doc) {
            Some((heading, rest)) => {
                markdown::render(&mut self.writer, heading, &self.links, Some(&mut self.flow));
                rest
            }
            None => {
                self.writer.text("Module ");
                self.writer.code(module);
                self.open_section(1);
                doc
            }
        };
        markdown::render(&mut self.writer, &intro.text, &self.links, Some(&mut self.flow));
        rest
    }

    /// Opens a section of the manual's own structure at `depth` (clamped so
    /// no level is skipped), titled with the writer's pending inline text.
    pub fn open_section(&mut self, depth: usize) {
        let depth = depth.clamp(1, self.flow.depth + 1);
        self.writer.title(depth);
        self.flow.depth = depth;
        self.flow.flow = depth;
    }

    /// Opens a subsection of the manual's own section (or a definition's
    /// section): one level below the last section opened by the flow.
    pub fn open_subsection(&mut self) {
        let depth = self.flow.flow + 1;
        self.writer.title(depth);
        self.flow.depth = depth;
    }

    /// Opens a section two levels below the flow: inside a subsection of
    /// the manual's own section.
    pub fn open_nested(&mut self) {
        let depth = self.flow.flow + 2;
        self.writer.title(depth);
        self.flow.depth = depth;
    }

    /// Opens the section of a definition, one level below the free-form flow.
    pub fn open_definition(&mut self) {
        self.open_subsection();
    }

    /// Renders Markdown as body elements (headings become rubrics).
    pub fn markdown(&mut self, text: &str) {
        markdown::render(&mut self.writer, text, &self.links, None);
    }

    /// Starts a `list-table` with a header row; rows follow with
    /// [`Document::row`] and [`Document::cell`], each ended by [`Document::end`].
    pub fn table(&mut self, caption: Option<&str>, headers: &[&str], widths: &[u32]) {
        let widths: Vec<String> = widths.iter().map(u32::to_string).collect();
        let widths = widths.join(" ");
        self.writer.directive("list-table", caption, &[("header-rows", "1"), ("width", "100%"), ("widths", &widths)]);
        self.writer.open_indent(3);
        self.row();
        for header in headers {
            self.cell();
            self.writer.text(header);
            self.end();
        }
        self.end();
    }

    /// Starts a table row.
    pub fn row(&mut self) {
        self.writer.open_item("* ");
    }

    /// Starts a table cell.
    pub fn cell(&mut self) {
        self.writer.open_item("- ");
    }

    /// Ends a cell, a row, or (after the last row) the table.
    pub fn end(&mut self) {
        self.writer.close();
    }

    /// Ends a table started with [`Document::table`].
    pub fn end_table(&mut self) {
        self.writer.close();
        self.writer.blank_line();
    }

    /// A type, with links to defined types.
    pub fn ty(&mut self, ty: &Type) {
        match ty {
            Type::Builtin(builtin) => self.writer.code(builtin.name()),
            Type::Named(name) => self.reference(name),
            Type::Array(inner) => {
                self.writer.text("array of ");
                self.ty(inner);
            }
        }
    }

    /// A reference to the definition `name` (plain code when unknown).
    pub fn reference(&mut self, name: &str) {
        match self.links.target(name) {
            Some(target) => {
                let target = target.to_string();
                self.writer.reference(name, &target);
            }
            None => self.writer.code(name),
        }
    }

    /// A reference to `Definition` or `Definition.member`, linking to the definition.
    pub fn member_reference(&mut self, definition: &str, member: Option<&str>) {
        let shown = match member {
            Some(member) => format!("{definition}.{member}"),
            None => definition.to_string(),
        };
        match self.links.target(definition) {
            Some(target) => {
                let target = target.to_string();
                self.writer.reference(&shown, &target);
            }
            None => self.writer.code(&shown),
        }
    }
}

/// The generated-file notice.
fn qapi_gen_codegen_header(source: &str) -> String {
    crate::output::header(&format!("qapi-gen rst {source}"))
}
