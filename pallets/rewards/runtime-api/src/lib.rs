//! Runtime API of `pallet-rewards`: what wallets and auditors ask about royalties: what an
//! account may claim, a model's royalty policy, and a dry run of a payment showing exactly
//! who would be credited what, and why.
//!
//! `breakdown` runs the same function `pay_usage` does (`pallet_rewards::Pallet::split`),
//! so its answer is what a payment in the same block would credit. Every method reads a
//! bounded amount of state: a split visits at most `MaxSplitModels` models and
//! `MaxSplitDatasets` datasets. Called at an older block, each answers as of that block.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;

pub use pallet_rewards::{
	Credit, CreditReason, EntryFeeLine, PaymentQuote, PoolId, PoolInfo, PoolPayout, PoolState,
	PrizeOutcome, PrizePayout, RoyaltyPolicy, Source, SplitError, Standing,
};
pub use provenance_primitives::{DatasetId, ModelId, Page, QueryError};

sp_api::decl_runtime_apis! {
	/// Queries about royalties and rewards.
	///
	/// Version 2 adds `quote` (the split with its entry fees), `parent_minimums` (the terms
	/// fixed at registration), `earnings` (income per source) and the reward pool queries.
	#[api_version(2)]
	pub trait RewardsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// What `who` may claim now.
		fn claimable(who: AccountId) -> Balance;

		/// What every account may claim together: what the pallet account owes above its
		/// existential deposit.
		fn total_claimable() -> Balance;

		/// The policy `model` splits its royalties by (its own, or the default), or `None`
		/// if no model has this id.
		fn royalty_policy(model: ModelId) -> Option<RoyaltyPolicy>;

		/// Who would be credited what, as part of which model's royalty and why, if `amount`
		/// were paid for `model` now: the credits `pay_usage` would make, in its order.
		/// They sum to `amount`.
		fn breakdown(
			model: ModelId,
			amount: Balance,
		) -> Result<Vec<Credit<AccountId, Balance>>, SplitError<Balance>>;

		/// What `pay_usage(model, amount)` would do now: the credits of `breakdown`, the
		/// entry fees for the storage it would create, and the total the payer is charged.
		fn quote(
			model: ModelId,
			amount: Balance,
		) -> Result<PaymentQuote<AccountId, Balance>, SplitError<Balance>>;

		/// The share of `model`'s income each parent is owed, fixed at its registration, in
		/// the order its run names them; `None` if the model has no terms.
		fn parent_minimums(model: ModelId) -> Option<Vec<sp_runtime::Perbill>>;

		/// What `who` has earned per source (a model or a dataset), ever: at most `limit`
		/// (up to 100) sources after `start_after`, in storage order.
		fn earnings(
			who: AccountId,
			start_after: Option<Source>,
			limit: u32,
		) -> Result<Page<(Source, Balance), Source>, QueryError>;

		/// An open or settling pool, or `None`.
		fn pool(id: PoolId) -> Option<PoolInfo<AccountId, Balance, BlockNumber>>;

		/// A pool's scored models in entry order, with the prize each would win now.
		fn pool_standings(id: PoolId) -> Option<Vec<Standing<Balance>>>;

		/// A dry run of settling the rest of a pool now: each prize, what paying it would
		/// credit (or why it would be forfeited), and what would return to the sponsor.
		fn pool_payout(id: PoolId) -> Option<PoolPayout<AccountId, Balance>>;
	}
}
