package io.parley.testsupport;

import org.junit.rules.ExternalResource;

/** One {@link HostSite} for a whole test class: {@code @ClassRule public static final HostSiteRule SITE = new HostSiteRule();}. */
public final class HostSiteRule extends ExternalResource {
    private HostSite site;

    @Override
    protected void before() throws Throwable {
        site = HostSite.start();
    }

    @Override
    protected void after() {
        if (site != null) {
            site.close();
        }
    }

    public HostSite site() {
        return site;
    }
}
