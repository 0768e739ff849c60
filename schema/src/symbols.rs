//! Resolve phase, part two: the symbol table of every definition of every
//! file, built once. Duplicates and names that clash after case and `-`/`_`
//! folding are reported while it is built.

use crate::hash::HashMap;

use crate::ast::{self, DefKind, Member};
use crate::diag::Diagnostics;
use crate::model::Builtin;
use crate::includes::Files;

/// Name lookup over all definitions.
pub struct Symbols<'a> {
    by_name: HashMap<&'a str, &'a ast::Definition>,
    /// Every definition in source order.
    pub order: Vec<&'a ast::Definition>,
}

/// `name` with case folded and `_` read as `-`: two names that fold alike clash.
#[must_use]
pub fn fold(name: &str) -> String {
    name.to_lowercase().replace('_', "-")
}

/// Builds the table, reporting duplicates and clashes.
pub fn collect<'a>(cx: &mut Diagnostics, files: &'a Files) -> Symbols<'a> {
    collect_with_limit(cx, files, crate::load::MAX_DEFINITIONS)
}

/// [`collect`] with an explicit limit on the number of definitions.
fn collect_with_limit<'a>(cx: &mut Diagnostics, files: &'a Files, limit: usize) -> Symbols<'a> {
    let mut by_name: HashMap<&str, &ast::Definition> = HashMap::default();
    let mut folded: HashMap<String, &ast::Definition> = HashMap::default();
    let mut order = Vec::new();
    for file in &files.files {
        for entry in &file.entries {
            let ast::Entry::Definition(definition) = entry else { continue };
            if order.len() == limit {
                cx.error(definition.name.span, format!("more than {limit} definitions; the schema is too large"));
                return Symbols { by_name, order };
            }
            let name = definition.name.text.as_str();
            if Builtin::from_name(name).is_some() {
                cx.error(definition.name.span, format!("`{name}` is a built-in type and cannot be redefined"));
                continue;
            }
            if let Some(first) = by_name.get(name) {
                cx.error(definition.name.span, format!("duplicate definition `{name}`")).note(first.name.span, "first defined here");
                continue;
            }
            // Commands and events have their own namespaces in generated
            // code (QEMU has both a `stop` command and a `STOP` event).
            let category = match definition.kind {
                DefKind::Event { .. } => "event",
                DefKind::Command(_) => "command",
                _ => "type",
            };
            let key = format!("{category}:{}", fold(name));
            if let Some(first) = folded.get(&key) {
                cx.error(definition.name.span, format!("`{name}` clashes with `{}`", first.name.text))
                    .note(first.name.span, "defined here")
                    .help("names must differ by more than case and `-`/`_`");
                continue;
            }
            folded.insert(key, definition);
            by_name.insert(name, definition);
            order.push(definition);
        }
    }
    Symbols { by_name, order }
}

impl<'a> Symbols<'a> {
    /// The definition called `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&'a ast::Definition> {
        self.by_name.get(name).copied()
    }

    /// Names of every definition, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.order.iter().map(|d| d.name.text.as_str())
    }

    /// Every member of struct `name`: its bases' first, then its own. Stops
    /// on a missing or cyclic base (reported by `check`).
    #[must_use]
    pub fn struct_members(&self, name: &str) -> Vec<(&'a Member, &'a str)> {
        let mut chain = Vec::new();
        let mut current = self.get(name);
        while let Some(definition) = current {
            let DefKind::Struct { base, members } = &definition.kind else { break };
            if chain.iter().any(|(n, _): &(&str, _)| *n == definition.name.text) {
                break;
            }
            chain.push((definition.name.text.as_str(), members));
            current = base.as_ref().and_then(|b| self.get(&b.text));
        }
        chain.iter().rev().flat_map(|(owner, members)| members.iter().map(move |m| (m, *owner))).collect()
    }

    /// The members of a union's base (named struct or inline).
    #[must_use]
    pub fn union_base_members(&self, base: Option<&'a ast::Base>, union: &'a str) -> Vec<(&'a Member, &'a str)> {
        match base {
            Some(ast::Base::Named(name)) => self.struct_members(&name.text),
            Some(ast::Base::Inline(members, _)) => members.iter().map(|m| (m, union)).collect(),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    #[test]
    fn stops_at_the_definition_limit() {
        let mut sources = SourceMap::new();
        let mut cx = Diagnostics::new();
        let text: String = (0..5).map(|i| format!("  - event: E{i}\n")).collect();
        let files = crate::includes::collect_text(&mut cx, &mut sources, std::path::Path::new("many.yaml"), format!("definitions:\n{text}"));
        let symbols = collect_with_limit(&mut cx, &files, 3);
        assert_eq!(symbols.order.len(), 3);
        let rendered = cx.render_short(&sources);
        assert_eq!(rendered, "many.yaml:5:12: error: more than 3 definitions; the schema is too large\n");
    }
}
