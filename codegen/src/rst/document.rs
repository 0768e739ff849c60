//! The RST manual being written: the writer, the cross references, and
//! the section structure, with the helpers every part of the manual uses
//! (sections, tables, references to definitions).

use std::collections::BTreeMap;

use qapi_gen_schema::Schema;
use qapi_gen_schema::model::{Item, Type};

use super::links::{self, Links};
use super::markdown;
use super::writer::Writer;

/// The manual being written: the writer plus the section structure.
pub(crate) struct Document<'a> {
    pub schema: &'a Schema,
    pub writer: Writer,
    pub links: Links,
    /// For every type, the definitions that refer to it, in source order.
    pub users: BTreeMap<String, Vec<String>>,
    flow: Flow,
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
    pub(super) fn new(schema: &'a Schema) -> Self {
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
        Document {
            schema,
            writer: Writer::new(),
            links: Links::new(schema),
            users: links::users(schema),
            flow: Flow { depth: 0, flow: 0, base, title_pending: false },
        }
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

    /// Renders Markdown of the manual's flow: its headings open sections.
    pub fn flow_markdown(&mut self, text: &str) {
        markdown::render(&mut self.writer, text, &self.links, Some(&mut self.flow));
    }

    /// Makes the next heading of [`Document::flow_markdown`] the manual's title.
    pub fn title_next(&mut self) {
        self.flow.title_pending = true;
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
