//! The boxing graph of the Rust emitter: which types hold themselves
//! through direct containment (members and branches, not through a `Vec`),
//! so that a field holding one must be a `Box`. Built once per schema,
//! before any piece is emitted, and shared read-only by every thread.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use qapi_gen_schema::Schema;
use qapi_gen_schema::model::{DefKind, Type};

/// The cycles of the direct-containment graph of a schema: its strongly
/// connected components of more than one type.
///
/// A type `held` directly inside `owner` leads back to `owner` exactly when
/// it is `owner` itself or lies in the same component, because the edge
/// `owner → held` closes any path back into a cycle. Every field and branch
/// is such an edge; the other owners (events and commands) are held by
/// nothing, so only the type itself leads back to them.
#[derive(Debug, Default)]
pub(crate) struct Cycles {
    /// The component of every type in a cycle, by schema name.
    component: HashMap<String, usize>,
}

// Shared by the formatting threads.
const _: () = assert_sync::<Cycles>();
const fn assert_sync<T: Sync>() {}

impl Cycles {
    /// The cycles of `schema` (whatever the options: the graph has every definition).
    pub(crate) fn new(schema: &Schema) -> Self {
        Cycles::from_edges(&containment_edges(schema))
    }

    /// Whether `ty` held directly inside `owner` needs a `Box` (it leads back to `owner`).
    pub(crate) fn boxes(&self, owner: &str, ty: &Type) -> bool {
        matches!(ty, Type::Named(held) if held == owner || self.same_cycle(owner, held))
    }

    /// Whether the two types are in the same cycle.
    fn same_cycle(&self, a: &str, b: &str) -> bool {
        matches!((self.component.get(a), self.component.get(b)), (Some(x), Some(y)) if x == y)
    }

    /// The cycles of a graph, by Tarjan's algorithm without recursion (a
    /// hostile schema can nest deeper than the stack).
    fn from_edges(edges: &BTreeMap<String, BTreeSet<String>>) -> Self {
        const UNVISITED: usize = usize::MAX;
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut names: Vec<&str> = Vec::new();
        for name in edges.iter().flat_map(|(from, targets)| std::iter::once(from).chain(targets)) {
            ids.entry(name.as_str()).or_insert_with(|| {
                names.push(name.as_str());
                names.len() - 1
            });
        }
        let successors: Vec<Vec<usize>> =
            names.iter().map(|name| edges.get(*name).map(|targets| targets.iter().filter_map(|t| ids.get(t.as_str()).copied()).collect()).unwrap_or_default()).collect();
        let mut index = vec![UNVISITED; names.len()];
        let mut low = vec![0; names.len()];
        let mut on_stack = vec![false; names.len()];
        let mut stack = Vec::new();
        let mut next = 0;
        let mut component = HashMap::new();
        let mut components = 0;
        for root in 0..names.len() {
            if index[root] != UNVISITED {
                continue;
            }
            // (node, how many of its successors are done)
            let mut frames = vec![(root, 0)];
            index[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(frame) = frames.last_mut() {
                let (node, done) = *frame;
                if let Some(&child) = successors[node].get(done) {
                    frame.1 += 1;
                    if index[child] == UNVISITED {
                        index[child] = next;
                        low[child] = next;
                        next += 1;
                        stack.push(child);
                        on_stack[child] = true;
                        frames.push((child, 0));
                    } else if on_stack[child] {
                        low[node] = low[node].min(index[child]);
                    }
                    continue;
                }
                frames.pop();
                if let Some(&(parent, _)) = frames.last() {
                    low[parent] = low[parent].min(low[node]);
                }
                if low[node] == index[node] {
                    let mut members = Vec::new();
                    while let Some(member) = stack.pop() {
                        on_stack[member] = false;
                        members.push(member);
                        if member == node {
                            break;
                        }
                    }
                    if members.len() > 1 {
                        component.extend(members.into_iter().map(|member| (names[member].to_owned(), components)));
                        components += 1;
                    }
                }
            }
        }
        Cycles { component }
    }
}

/// Which types each type holds directly (members, branches), for boxing.
fn containment_edges(schema: &Schema) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for definition in &schema.definitions {
        edges.insert(definition.name.clone(), held_types(&definition.kind).map(str::to_owned).collect());
    }
    edges
}

/// The named types a definition holds directly.
fn held_types(kind: &DefKind) -> Box<dyn Iterator<Item = &str> + '_> {
    fn named(ty: &Type) -> Option<&str> {
        match ty {
            Type::Named(name) => Some(name),
            _ => None,
        }
    }
    match kind {
        DefKind::Struct(strukt) => Box::new(strukt.members.iter().filter_map(|m| named(&m.ty))),
        DefKind::Union(union) => Box::new(union.base_members.iter().filter_map(|m| named(&m.ty)).chain(union.variants.iter().filter_map(|v| v.ty.as_deref()))),
        DefKind::Alternate(alternate) => Box::new(alternate.branches.iter().filter_map(|b| named(&b.ty))),
        _ => Box::new(std::iter::empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search the emitter ran on every held type before the cycles
    /// were computed once: whether `from` contains `to` directly or
    /// transitively.
    fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if seen.insert(current)
                && let Some(next) = edges.get(current)
            {
                stack.extend(next.iter().map(String::as_str));
            }
        }
        false
    }

    /// Every edge `owner → held` of the graph is boxed by [`Cycles`] exactly
    /// when the depth-first search finds a way back.
    fn assert_same_as_search(edges: &BTreeMap<String, BTreeSet<String>>) {
        let cycles = Cycles::from_edges(edges);
        for (owner, held) in edges.iter().flat_map(|(owner, targets)| targets.iter().map(move |held| (owner, held))) {
            let expected = reaches(edges, held, owner);
            assert_eq!(cycles.boxes(owner, &Type::Named(held.clone())), expected, "{owner} → {held}");
        }
    }

    fn graph(edges: &[(&str, &[&str])]) -> BTreeMap<String, BTreeSet<String>> {
        edges.iter().map(|(from, to)| ((*from).to_owned(), to.iter().map(|t| (*t).to_owned()).collect())).collect()
    }

    #[test]
    fn cycles_box_like_the_search_on_small_graphs() {
        let edges = graph(&[
            ("Node", &["Node", "Leaf"]),
            ("A", &["B"]),
            ("B", &["C", "Leaf"]),
            ("C", &["A", "D"]),
            ("D", &["E"]),
            ("E", &["D", "Node"]),
            ("Tail", &["A", "Missing"]),
            ("Leaf", &[]),
        ]);
        assert_same_as_search(&edges);
        let cycles = Cycles::from_edges(&edges);
        assert!(cycles.boxes("Node", &Type::Named("Node".into())));
        assert!(cycles.boxes("C", &Type::Named("A".into())));
        assert!(!cycles.boxes("C", &Type::Named("D".into())));
        assert!(!cycles.boxes("Tail", &Type::Named("A".into())));
        assert!(!cycles.boxes("Node", &Type::Array(Box::new(Type::Named("Node".into())))));
    }

    #[test]
    fn cycles_box_like_the_search_on_random_graphs() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut random = move |bound: u64| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % bound
        };
        for _ in 0..200 {
            let nodes = 1 + random(12);
            let mut edges = BTreeMap::new();
            for from in 0..nodes {
                let targets: BTreeSet<String> = (0..random(4)).map(|_| format!("T{}", random(nodes + 1))).collect();
                edges.insert(format!("T{from}"), targets);
            }
            assert_same_as_search(&edges);
        }
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let length = 200_000;
        let mut edges: BTreeMap<String, BTreeSet<String>> = (0..length).map(|i| (format!("T{i}"), BTreeSet::from([format!("T{}", i + 1)]))).collect();
        edges.insert(format!("T{length}"), BTreeSet::from(["T0".to_owned()]));
        let cycles = Cycles::from_edges(&edges);
        assert!(cycles.boxes("T7", &Type::Named("T8".into())));
    }

    #[test]
    fn cycles_box_like_the_search_on_the_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut paths: Vec<_> = std::fs::read_dir(root.join("tests/schemas")).into_iter().flatten().filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
        paths.push(root.join("schema/unplug-events.yaml"));
        let mut boxed = 0;
        for path in paths {
            let Ok(loaded) = qapi_gen_schema::load(&path) else { panic!("{} must load", path.display()) };
            let edges = containment_edges(&loaded.schema);
            assert_same_as_search(&edges);
            let cycles = Cycles::new(&loaded.schema);
            boxed += edges.iter().flat_map(|(owner, targets)| targets.iter().filter(|held| cycles.boxes(owner, &Type::Named((*held).clone())))).count();
        }
        assert!(boxed > 0, "the fixtures have recursive types");
    }
}
