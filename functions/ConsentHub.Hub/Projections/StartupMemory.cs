namespace ConsentHub.Hub.Projections;

/// Loading the party index parses every stored view and leaves many times the index's size behind as garbage; the GC
/// keeps the memory that garbage took committed (resident) for later allocations. One aggressive collection once the
/// index is loaded compacts the index together and gives the rest back to the OS: resident memory per subject after
/// a restart is what the index holds, not what its loading once needed (issue 12). A load that allocated little (a
/// small tenant, a test's hub) has little to give back and skips the collection's pause.
internal static class StartupMemory
{
    private const long WorthIt = 32 << 20;

    public static long Allocated => GC.GetTotalAllocatedBytes();

    public static void GiveBack(long allocatedBefore)
    {
        if (GC.GetTotalAllocatedBytes() - allocatedBefore < WorthIt) return;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
