package io.herald.bench.scenario;

import io.herald.bench.report.ResultTable;
import java.util.Map;

/**
 * Herald against its peers at one load point: server CPU per delivery of each, and the ratios
 * herald / nchan and herald / netty (below 1: Herald spends less).
 */
final class Comparison {
    private Comparison() {}

    /** Adds a row from the {@code server_us_per_delivery} figures by server name. */
    static void add(ResultTable table, String point, Map<String, Double> usPerDelivery) {
        Double herald = usPerDelivery.get("herald");
        Double nchan = usPerDelivery.get("nchan");
        Double netty = usPerDelivery.get("netty");
        table.add(
                "point", point,
                "herald_us", herald,
                "nchan_us", nchan,
                "netty_us", netty,
                "herald_over_nchan", ratio(herald, nchan),
                "herald_over_netty", ratio(herald, netty));
    }

    private static Double ratio(Double a, Double b) {
        return a == null || b == null ? null : a / b;
    }
}
