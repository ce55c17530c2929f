//! The rules, one module per section of doccheck-rules.md §2.

use std::sync::LazyLock;

use crate::Rule;

mod amounts;
mod certificates;
mod collection;
mod dates;
mod goods;
mod packages;
mod parties;
mod transport;

/// Every rule in the catalogue's order.
pub(crate) static ALL: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
    [
        dates::RULES,
        amounts::RULES,
        parties::RULES,
        goods::RULES,
        packages::RULES,
        transport::RULES,
        certificates::RULES,
        collection::RULES,
    ]
    .concat()
});
