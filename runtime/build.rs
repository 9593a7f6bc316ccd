fn main() {
	// With `metadata-hash`, the runtime carries the hash of its own metadata, which
	// `CheckMetadataHash` signs over; symbol and decimals must match the chain spec's.
	#[cfg(all(feature = "std", feature = "metadata-hash"))]
	{
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_metadata_hash("PROV", 12)
			.build();
	}
	#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
	{
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
