package io.parley.server.store;

/** A create/update would put more members in a group than its max allows; nothing was stored. */
public final class GroupFullException extends RuntimeException {
    private final long gid;
    private final int max;
    private final int wanted;

    public GroupFullException(long gid, int max, int wanted) {
        super((gid > 0 ? "group " + gid : "the group") + " allows at most " + max + " members, this would make " + wanted);
        this.gid = gid;
        this.max = max;
        this.wanted = wanted;
    }

    public long gid() {
        return gid;
    }

    public int max() {
        return max;
    }

    public int wanted() {
        return wanted;
    }
}
