//! Runtime API of `pallet-consent`: what auditors and the node's `consent_*` RPC ask about
//! consent grants and their access logs.
//!
//! Every method reads a bounded amount of state: paginated answers take a `limit` of at
//! most [`MAX_PAGE_SIZE`] and return a cursor for the next page. Called at an older block,
//! each answers as of that block ("was this consent live at block N?").

#![cfg_attr(not(feature = "std"), no_std)]

use codec::Codec;

pub use pallet_consent::{AccessRecord, CountryCode, GrantInfo, GrantTerms, Grantee, LegalBasis};
pub use provenance_primitives::{
	DatasetId, DerivativeScope, GrantId, Page, Purpose, QueryError, RevocationEffect, MAX_PAGE_SIZE,
};

sp_api::decl_runtime_apis! {
	/// Queries about consent grants.
	///
	/// Version 2: grants carry their full terms ([`GrantTerms`]), and liveness is answered
	/// for the block after the queried one (where a use submitted now lands).
	#[api_version(2)]
	pub trait ConsentApi<AccountId, BlockNumber, Balance>
	where
		AccountId: Codec,
		BlockNumber: Codec,
		Balance: Codec,
	{
		/// The grant with this id, and whether it is live in the next block; `None` if there
		/// is no such grant.
		fn grant(id: GrantId) -> Option<GrantInfo<AccountId, BlockNumber, Balance>>;

		/// The grant under which a use of `dataset` by `who` for `purpose`, submitted at this
		/// block, would pass in the next (a grant to `who` by name first, else one to
		/// anyone), or `None`.
		fn consent_status(
			dataset: DatasetId,
			who: AccountId,
			purpose: Purpose,
		) -> Result<Option<GrantId>, QueryError>;

		/// Every grant ever made on `dataset`, ascending by id: at most `limit` after
		/// `start_after`; pass `next` back to continue.
		fn dataset_grants(
			dataset: DatasetId,
			start_after: Option<GrantId>,
			limit: u32,
		) -> Result<Page<GrantInfo<AccountId, BlockNumber, Balance>, GrantId>, QueryError>;

		/// Every grant ever made to `who` by name, ascending by id: at most `limit` after
		/// `start_after`; pass `next` back to continue.
		fn account_grants(
			who: AccountId,
			start_after: Option<GrantId>,
			limit: u32,
		) -> Result<Page<GrantInfo<AccountId, BlockNumber, Balance>, GrantId>, QueryError>;

		/// The logged uses of `grant`, oldest first: at most `limit` after index
		/// `start_after`; pass `next` back to continue.
		fn access_log(
			grant: GrantId,
			start_after: Option<u32>,
			limit: u32,
		) -> Result<Page<AccessRecord<AccountId, BlockNumber, Balance>, u32>, QueryError>;
	}
}
