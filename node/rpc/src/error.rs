//! JSON-RPC error codes of the `datasets_*`, `consent_*`, `lineage_*` and `rewards_*` methods.

use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};
use provenance_primitives::QueryError;

/// The runtime API call failed, or the node could not read the block.
pub const RUNTIME_ERROR: i32 = 8000;
/// No dataset, grant or other record with the given id exists at that block.
pub const NOT_FOUND: i32 = 8001;
/// A page size, depth or other limit is over the runtime's cap.
pub const LIMIT_EXCEEDED: i32 = 8002;
/// The block hash is not known to this node (never imported, or its state pruned).
pub const UNKNOWN_BLOCK: i32 = 8003;
/// The runtime at that block does not have the runtime API the method needs.
pub const API_UNAVAILABLE: i32 = 8004;
/// The model may not be paid: a grant in its consent basis was revoked with `StopUse`.
pub const NOT_PAYABLE: i32 = 8005;
/// The node is running as many auditor queries as it allows (`crate::gate`): try again.
pub const BUSY: i32 = 8006;

pub(crate) fn busy() -> ErrorObjectOwned {
	ErrorObject::owned(
		BUSY,
		format!(
			"the node is busy with other queries (no runtime instance free within {} s): try again",
			crate::gate::QUERY_WAIT.as_secs()
		),
		None::<()>,
	)
}

pub(crate) fn runtime(at: &impl core::fmt::Debug, e: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(
		RUNTIME_ERROR,
		format!("runtime API call at block {at:?} failed"),
		Some(e.to_string()),
	)
}

pub(crate) fn unknown_block(at: &impl core::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(
		UNKNOWN_BLOCK,
		format!("block {at:?} is not known to this node, or its state was pruned"),
		None::<()>,
	)
}

pub(crate) fn api_unavailable(api: &str, at: &impl core::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(
		API_UNAVAILABLE,
		format!("the runtime at block {at:?} does not provide {api}"),
		None::<()>,
	)
}

pub(crate) fn not_found(what: &str, id: impl core::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(NOT_FOUND, format!("unknown {what} {id}"), None::<()>)
}

pub fn query(e: QueryError) -> ErrorObjectOwned {
	match e {
		QueryError::UnknownDataset(id) => not_found("dataset", id),
		QueryError::UnknownGrant(id) => not_found("grant", id),
		QueryError::UnknownModel(id) => not_found("model", id),
		QueryError::PageTooLarge { requested, max } => ErrorObject::owned(
			LIMIT_EXCEEDED,
			format!("page size {requested} is over the cap of {max}"),
			None::<()>,
		),
		QueryError::LimitTooLarge { requested, max } => ErrorObject::owned(
			LIMIT_EXCEEDED,
			format!("limit {requested} is over the cap of {max}"),
			None::<()>,
		),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn query_errors_name_the_id_or_cap() {
		let e = query(QueryError::UnknownDataset(7));
		assert_eq!((e.code(), e.message()), (NOT_FOUND, "unknown dataset 7"));
		let e = query(QueryError::UnknownGrant(3));
		assert_eq!((e.code(), e.message()), (NOT_FOUND, "unknown grant 3"));
		let e = query(QueryError::UnknownModel(9));
		assert_eq!((e.code(), e.message()), (NOT_FOUND, "unknown model 9"));
		let e = query(QueryError::PageTooLarge { requested: 500, max: 100 });
		assert_eq!(
			(e.code(), e.message()),
			(LIMIT_EXCEEDED, "page size 500 is over the cap of 100")
		);
		let e = query(QueryError::LimitTooLarge { requested: 101, max: 100 });
		assert_eq!((e.code(), e.message()), (LIMIT_EXCEEDED, "limit 101 is over the cap of 100"));
	}
}
