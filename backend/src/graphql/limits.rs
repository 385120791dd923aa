//! Limits on the shape of a GraphQL document, checked before async-graphql looks at it.
//!
//! async-graphql's own limits (depth, complexity, recursion, directives) count each field once,
//! so 101 aliases of one field or 500 copies of it pass, and its recursion and directive checks
//! walk fragment spreads without memory, so a fan-out of fragments (`A { ...B ...B }`,
//! `B { ...C ...C }`, …) costs 2^n steps before any limit answers. This extension runs first, in
//! `prepare_request` (HTTP and WebSocket alike):
//!
//! 1. the raw text's bracket nesting is bounded before the parser recurses into it;
//! 2. the document is parsed once (and handed on, so it is not parsed again; a document seen
//!    before comes parsed from a [`DocumentCache`]);
//! 3. one walk over every operation, expanding fragment spreads, counts the selections it visits
//!    and stops as soon as a limit is passed: fields, aliases, selections in all (a spread counts
//!    too, so a fan-out over empty or cyclic fragments is bounded as well) and authentication
//!    fields (SECURITY.md: at most one per operation, so aliases cannot multiply guesses).
//!
//! The numbers are sized from the SPA's real operations: `tests/tests/attack.rs` walks every
//! document in `frontend/src/gql/gql.ts` with [`measure`] and checks each stays well inside.

use std::collections::HashSet;
use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use async_graphql::{ErrorExtensionValues, Pos, Positioned, Request, ServerError, ServerResult};

/// Deepest bracket nesting (`{`, `[`, `(`) in the raw text.
pub const MAX_NESTING: usize = 64;
/// Deepest field nesting (`{ me { id } }` is 2).
pub const MAX_DEPTH: usize = 12;
/// … inside `__schema` and `__type`: the standard introspection query of GraphQL tools walks
/// `ofType` eight levels deep and would not fit in `MAX_DEPTH` (graphql-armor exempts
/// introspection altogether; here it gets a bound of its own).
pub const MAX_INTROSPECTION_DEPTH: usize = 24;
/// Field selections in the document after fragments are expanded.
pub const MAX_FIELDS: usize = 300;
/// Aliased fields in the document after fragments are expanded.
pub const MAX_ALIASES: usize = 30;
/// Selections of any kind (fields, fragment spreads, inline fragments) visited in the walk.
pub const MAX_SELECTIONS: usize = 600;
/// Authentication fields per operation.
pub const MAX_AUTH_FIELDS: usize = 1;

/// Root mutation fields that check a password, a code or a login token; each is a guess an
/// attacker would like to multiply with aliases.
pub const AUTH_FIELDS: &[&str] = &[
    "login",
    "verifyTotp",
    "useRecoveryCode",
    "confirmTotpEnrollment",
    "regenerateRecoveryCodes",
    "changePassword",
    "changeEmail",
    "completeSetup",
    "portalAcceptInvitation",
    "portalLogin",
    "portalRequestLoginLink",
    "portalRedeemLoginLink",
];

/// What [`measure`] counted in a document.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub nesting: usize,
    /// The deepest field nesting outside introspection.
    pub depth: usize,
    pub fields: usize,
    pub aliases: usize,
    pub selections: usize,
    /// The most authentication fields in one operation.
    pub auth_fields: usize,
}

/// Why a document was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub pos: Option<Pos>,
}

fn refuse(message: String, pos: Option<Pos>) -> Refusal {
    Refusal { message, pos }
}

/// The deepest nesting of `{`, `[` and `(` in `query`, outside strings and comments; stops
/// counting (and answers `limit + 1`) once `limit` is passed.
pub fn nesting(query: &str, limit: usize) -> usize {
    let bytes = query.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    // `\"""` is an escaped delimiter inside a block string.
                    i += if bytes[i..].starts_with(b"\\\"\"\"") {
                        4
                    } else {
                        1
                    };
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > deepest {
                    deepest = depth;
                    if deepest > limit {
                        return deepest;
                    }
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    shape: Shape,
    /// Fragments being expanded (a cycle is left for validation to report).
    expanding: Vec<&'a str>,
}

impl<'a> Walk<'a> {
    /// `depth`: fields above `set`; `introspection`: inside `__schema` or `__type`.
    fn selection_set(
        &mut self,
        set: &'a Positioned<SelectionSet>,
        depth: usize,
        introspection: bool,
    ) -> Result<(), Refusal> {
        for selection in &set.node.items {
            self.shape.selections += 1;
            if self.shape.selections > MAX_SELECTIONS {
                return Err(refuse(
                    format!(
                        "the document selects more than {MAX_SELECTIONS} things once fragments are expanded"
                    ),
                    Some(selection.pos),
                ));
            }
            match &selection.node {
                Selection::Field(field) => {
                    self.shape.fields += 1;
                    if self.shape.fields > MAX_FIELDS {
                        return Err(refuse(
                            format!("the document selects more than {MAX_FIELDS} fields"),
                            Some(field.pos),
                        ));
                    }
                    let name = field.node.name.node.as_str();
                    let introspection = introspection || name == "__schema" || name == "__type";
                    let depth = depth + 1;
                    let limit = if introspection {
                        MAX_INTROSPECTION_DEPTH
                    } else {
                        self.shape.depth = self.shape.depth.max(depth);
                        MAX_DEPTH
                    };
                    if depth > limit {
                        return Err(refuse(
                            format!("the query is nested too deep (at most {limit} levels)"),
                            Some(field.pos),
                        ));
                    }
                    if field.node.alias.is_some() {
                        self.shape.aliases += 1;
                        if self.shape.aliases > MAX_ALIASES {
                            return Err(refuse(
                                format!("the document uses more than {MAX_ALIASES} aliases"),
                                Some(field.pos),
                            ));
                        }
                    }
                    self.selection_set(&field.node.selection_set, depth, introspection)?;
                }
                Selection::InlineFragment(fragment) => {
                    self.selection_set(&fragment.node.selection_set, depth, introspection)?;
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    if self.expanding.contains(&name) {
                        continue;
                    }
                    if let Some(fragment) = self.doc.fragments.get(name) {
                        self.expanding.push(name);
                        self.selection_set(&fragment.node.selection_set, depth, introspection)?;
                        self.expanding.pop();
                    }
                }
            }
        }
        Ok(())
    }
}

/// Root fields of `set` (through fragments) that are authentication fields.
fn auth_fields<'a>(
    doc: &'a ExecutableDocument,
    set: &'a SelectionSet,
    seen: &mut HashSet<&'a str>,
) -> usize {
    set.items
        .iter()
        .map(|selection| match &selection.node {
            Selection::Field(field) => {
                usize::from(AUTH_FIELDS.contains(&field.node.name.node.as_str()))
            }
            Selection::InlineFragment(fragment) => {
                auth_fields(doc, &fragment.node.selection_set.node, seen)
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                match doc.fragments.get(name) {
                    Some(fragment) if seen.insert(name) => {
                        let n = auth_fields(doc, &fragment.node.selection_set.node, seen);
                        seen.remove(name);
                        n
                    }
                    _ => 0,
                }
            }
        })
        .sum()
}

/// Counts what the limits look at, refusing as soon as one is passed.
pub fn measure(doc: &ExecutableDocument) -> Result<Shape, Refusal> {
    let mut walk = Walk {
        doc,
        shape: Shape::default(),
        expanding: Vec::new(),
    };
    let operations: Vec<_> = match &doc.operations {
        DocumentOperations::Single(op) => vec![op],
        DocumentOperations::Multiple(ops) => ops.values().collect(),
    };
    for operation in operations {
        walk.selection_set(&operation.node.selection_set, 0, false)?;
        if operation.node.ty == OperationType::Mutation {
            let n = auth_fields(doc, &operation.node.selection_set.node, &mut HashSet::new());
            walk.shape.auth_fields = walk.shape.auth_fields.max(n);
            if n > MAX_AUTH_FIELDS {
                return Err(refuse(
                    format!(
                        "an operation may hold at most {MAX_AUTH_FIELDS} authentication field (login, codes, passwords)"
                    ),
                    Some(operation.pos),
                ));
            }
        }
    }
    Ok(walk.shape)
}

/// Checks the raw text, then parses and measures it.
pub fn check(query: &str) -> Result<(ExecutableDocument, Shape), Refusal> {
    let deepest = nesting(query, MAX_NESTING);
    if deepest > MAX_NESTING {
        return Err(refuse(
            format!("the document nests brackets deeper than {MAX_NESTING}"),
            None,
        ));
    }
    let doc = async_graphql::parser::parse_query(query).map_err(|e| {
        let positions = e.positions().next();
        refuse(e.to_string(), positions)
    })?;
    let mut shape = measure(&doc)?;
    shape.nesting = deepest;
    Ok((doc, shape))
}

/// Documents that passed [`check`], by their text: clients send the same few documents over
/// and over (a webshop asks the same lookup on every checkout; the web app's operations are
/// fixed), and parsing is most of what the check costs. Bounded: when full, it starts over.
#[derive(Default)]
pub struct DocumentCache {
    documents: std::sync::Mutex<std::collections::HashMap<String, ExecutableDocument>>,
}

impl DocumentCache {
    /// Documents kept.
    pub const CAPACITY: usize = 512;
    /// Longer documents are checked every time (the web app's longest is under 4 KB).
    pub const MAX_LEN: usize = 8 * 1024;

    /// The parsed document of `query`, checked now or earlier.
    pub fn check(&self, query: &str) -> Result<ExecutableDocument, Refusal> {
        let cacheable = query.len() <= Self::MAX_LEN;
        if cacheable
            && let Ok(documents) = self.documents.lock()
            && let Some(doc) = documents.get(query)
        {
            return Ok(doc.clone());
        }
        let (doc, _) = check(query)?;
        if cacheable && let Ok(mut documents) = self.documents.lock() {
            if documents.len() >= Self::CAPACITY {
                documents.clear();
            }
            documents.insert(query.to_owned(), doc.clone());
        }
        Ok(doc)
    }

    pub fn len(&self) -> usize {
        self.documents.lock().map_or(0, |d| d.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The async-graphql extension that applies [`check`] to every request (through one
/// [`DocumentCache`] per schema).
#[derive(Default)]
pub struct QueryLimits {
    cache: Arc<DocumentCache>,
}

impl ExtensionFactory for QueryLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(QueryLimitsExtension {
            cache: self.cache.clone(),
        })
    }
}

struct QueryLimitsExtension {
    cache: Arc<DocumentCache>,
}

#[async_trait::async_trait]
impl Extension for QueryLimitsExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let doc = self.cache.check(&request.query).map_err(|refusal| {
            let mut error = ServerError::new(refusal.message, refusal.pos);
            let mut extensions = ErrorExtensionValues::default();
            extensions.set("code", "BAD_REQUEST");
            error.extensions = Some(extensions);
            error
        })?;
        request.set_parsed_query(doc);
        next.run(ctx, request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(query: &str) -> Result<Shape, Refusal> {
        check(query).map(|(_, s)| s)
    }

    #[test]
    fn the_cache_keeps_checked_documents_only_and_stays_bounded() {
        let cache = DocumentCache::default();
        let query = "query($e: String!) { webshopContacts(lookup: { email: $e }) { id } }";
        let first = cache.check(query).unwrap();
        assert_eq!(cache.len(), 1);
        assert_eq!(
            format!("{first:?}"),
            format!("{:?}", cache.check(query).unwrap())
        );
        assert_eq!(cache.len(), 1);
        // A refused document is refused again and never kept.
        let refused = format!("{{ {} }}", vec!["me { id }"; 500].join(" "));
        assert!(cache.check(&refused).is_err());
        assert!(cache.check(&refused).is_err());
        assert_eq!(cache.len(), 1);
        for i in 0..DocumentCache::CAPACITY + 10 {
            cache.check(&format!("{{ f{i} }}")).unwrap();
        }
        assert!(cache.len() <= DocumentCache::CAPACITY);
        // Long documents are checked but not kept.
        let long = format!("{{ me {{ id }} }} # {}", "x".repeat(DocumentCache::MAX_LEN));
        let before = cache.len();
        cache.check(&long).unwrap();
        assert_eq!(cache.len(), before);
    }

    #[test]
    fn nesting_ignores_brackets_in_strings_and_comments() {
        assert_eq!(nesting("{ a(x: \"{{{[[[(((\") { b } }", 64), 2);
        assert_eq!(nesting("# {{{{{\n{ a }", 64), 1);
        assert_eq!(nesting("{ a(x: \"\"\" {{{ \\\"\"\" {{ \"\"\") }", 64), 2);
        assert_eq!(nesting("{ a(x: \"\\\"{\") }", 64), 2);
        assert_eq!(nesting(&"[".repeat(100_000), 64), 65);
    }

    #[test]
    fn counts_fields_aliases_and_expanded_fragments() {
        let s =
            shape("query { a: me { id email } me { id } ...F } fragment F on Query { me { id } }")
                .unwrap();
        assert_eq!(s.fields, 7);
        assert_eq!(s.aliases, 1);
        assert_eq!(s.selections, 8);
    }

    #[test]
    fn refuses_many_aliases_and_duplicated_fields() {
        let aliases: String = (0..MAX_ALIASES + 1)
            .map(|i| format!("a{i}: me {{ id }} "))
            .collect();
        assert!(
            shape(&format!("{{ {aliases} }}"))
                .unwrap_err()
                .message
                .contains("aliases")
        );
        let fields = "me { id } ".repeat(MAX_FIELDS);
        assert!(
            shape(&format!("{{ {fields} }}"))
                .unwrap_err()
                .message
                .contains("fields")
        );
    }

    /// `F0` spreads `F1` twice, `F1` spreads `F2` twice, … 2^40 expansions; `F40` is `leaf`.
    fn fan_out(leaf: &str) -> String {
        let mut doc = String::from("query { ...F0 }\n");
        for i in 0..40 {
            doc.push_str(&format!(
                "fragment F{i} on Query {{ ...F{n} ...F{n} }}\n",
                n = i + 1
            ));
        }
        doc.push_str(&format!("fragment F40 on Query {{ {leaf} }}\n"));
        doc
    }

    #[test]
    fn a_fragment_fan_out_is_cut_short() {
        assert!(shape(&fan_out("me { id }")).is_err());
        // The same fan-out over a cycle (no fields at all) is bounded by the selections.
        assert!(
            shape(&fan_out("...F0"))
                .unwrap_err()
                .message
                .contains("selects more than")
        );
    }

    #[test]
    fn depth_is_bounded_with_more_room_for_introspection() {
        let deep = |levels: usize, root: &str| {
            format!(
                "{{ {root} {} id {} }}",
                "{ a ".repeat(levels),
                "}".repeat(levels)
            )
        };
        assert_eq!(shape(&deep(MAX_DEPTH - 1, "me")).unwrap().depth, MAX_DEPTH);
        assert!(
            shape(&deep(MAX_DEPTH, "me"))
                .unwrap_err()
                .message
                .contains("too deep")
        );
        assert!(shape(&deep(MAX_DEPTH + 4, "__schema")).is_ok());
        assert!(shape(&deep(MAX_INTROSPECTION_DEPTH, "__schema")).is_err());
        // Fragments do not hide depth.
        let hidden = format!(
            "{{ me {{ ...F }} }} fragment F on User {} id {}",
            "{ a ".repeat(MAX_DEPTH),
            "}".repeat(MAX_DEPTH)
        );
        assert!(shape(&hidden).is_err());
    }

    #[test]
    fn a_circular_fragment_terminates() {
        let s = shape(
            "query { ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }",
        )
        .unwrap();
        assert_eq!(s.fields, 2);
    }

    #[test]
    fn one_authentication_field_per_operation() {
        let one = r#"mutation { login(input: { email: "a", password: "b" }) { next } }"#;
        assert_eq!(shape(one).unwrap().auth_fields, 1);
        let two = r#"mutation { a: login(input: { email: "a", password: "b" }) { next }
                               b: login(input: { email: "a", password: "c" }) { next } }"#;
        assert!(shape(two).unwrap_err().message.contains("authentication"));
        let hidden = r#"mutation { ...L ... on Mutation { verifyTotp(code: "1") { next } } }
                        fragment L on Mutation { login(input: { email: "a", password: "b" }) { next } }"#;
        assert!(shape(hidden).is_err());
    }
}
