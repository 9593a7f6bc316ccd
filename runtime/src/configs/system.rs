use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstU32, Everything},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use sp_runtime::Perbill;

use crate::{
	weights::{BlockExecutionWeight, ExtrinsicBaseWeight, ParityDbWeight},
	AccountId, Balance, Block, BlockNumber, Hash, Nonce, PalletInfo, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, RuntimeTask, VERSION,
};

/// A quarter of the block is reserved for operational extrinsics and inherents.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// The longest block, in bytes of extrinsics; operational extrinsics may fill all of it. The
/// node's block builder takes its size limit from here.
pub const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;
/// Two seconds of compute per 6-second block, with no PoV limit (solochain).
const MAX_BLOCK_WEIGHT: Weight =
	Weight::from_parts(2u64.saturating_mul(WEIGHT_REF_TIME_PER_SECOND), u64::MAX);

/// The share of a block normal extrinsics may fill, in both dimensions.
fn normal_block_weight() -> Weight {
	Weight::from_parts(
		NORMAL_DISPATCH_RATIO.mul_floor(MAX_BLOCK_WEIGHT.ref_time()),
		NORMAL_DISPATCH_RATIO.mul_floor(MAX_BLOCK_WEIGHT.proof_size()),
	)
}

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: sp_version::RuntimeVersion = VERSION;

	/// The block and extrinsic base costs are this chain's own, measured by
	/// `benchmark overhead` (`scripts/benchmark-base.sh`), not FRAME's generic defaults.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(normal_block_weight());
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAX_BLOCK_WEIGHT);
			weights.reserved = Some(MAX_BLOCK_WEIGHT.saturating_sub(normal_block_weight()));
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	/// 5 MiB blocks, of which normal extrinsics may fill 75%.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO.mul_floor(MAX_BLOCK_LENGTH)
		})
		.build();
	/// Substrate's generic prefix (addresses start with 5).
	pub const SS58Prefix: u8 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	// The node stores state in ParityDB only; measured by `benchmark storage`.
	type DbWeight = ParityDbWeight;
	// Substrate's reference weights with this chain's `DbWeight`; the defaults (`()`) price
	// every read and write at RocksDB's cost, and every signed extrinsic pays the
	// extensions' (nonce, mortality, genesis) reads and write.
	type SystemWeightInfo = frame_system::weights::SubstrateWeight<Runtime>;
	type ExtensionsWeightInfo = frame_system::SubstrateExtensionsWeight<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	type BaseCallFilter = Everything;
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type RuntimeTask = RuntimeTask;
	type PalletInfo = PalletInfo;
}
