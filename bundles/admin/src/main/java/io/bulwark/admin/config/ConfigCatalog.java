package io.bulwark.admin.config;

import io.bulwark.admin.audit.Auditor;
import io.bulwark.admin.problem.ProblemException;
import io.bulwark.admin.security.Caller;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The configuration of Bulwark's components as the admin API shows and changes it: every
 * component of a Bulwark bundle that has a metatype, and every factory configuration (each
 * zone's listeners) as its own entry. Only these PIDs can be read or written through the API.
 */
public final class ConfigCatalog {

    /** Bundles whose symbolic name starts with this are Bulwark's. */
    public static final String BULWARK_PREFIX = "bulwark-";

    private final BundleContext context;
    private final MetaTypeService metaType;
    private final ConfigurationAdmin configAdmin;
    private final Auditor auditor;

    /** A configurable entry: its PID, its metatype, and the bundle that declares it. */
    private record Entry(String pid, String factoryPid, ObjectClassDefinition ocd, Bundle bundle) {
    }

    /**
     * @param context the admin bundle's context
     * @param metaType the metatype service
     * @param configAdmin configuration admin
     * @param auditor where changes are recorded
     */
    public ConfigCatalog(BundleContext context, MetaTypeService metaType, ConfigurationAdmin configAdmin,
            Auditor auditor) {
        this.context = context;
        this.metaType = metaType;
        this.configAdmin = configAdmin;
        this.auditor = auditor;
    }

    /** @return every configurable component, without its properties */
    public List<ComponentConfigView> list() {
        return entries().stream().map(e -> new ComponentConfigView(e.pid(), e.factoryPid(), name(e),
                e.ocd().getDescription(), null)).toList();
    }

    /**
     * @param pid a PID from {@link #list()}
     * @return the component with its settings and current values
     * @throws ProblemException 404 for any other PID
     */
    public ComponentConfigView describe(String pid) {
        Entry e = find(pid);
        Dictionary<String, Object> current = properties(pid);
        List<PropertyView> props = new ArrayList<>();
        Map<String, MetatypeBounds.Bounds> bounds = bounds(e);
        for (AttributeDefinition ad : attributes(e.ocd())) {
            SettingSpec spec = spec(ad, bounds);
            boolean secret = ad.getType() == AttributeDefinition.PASSWORD;
            List<String> value = secret ? null : current == null ? defaults(ad) : asStrings(current.get(ad.getID()), ad);
            props.add(new PropertyView(ad.getID(), ad.getName(), ad.getDescription(), spec.typeName(),
                    ad.getCardinality(), isRequired(e.ocd(), ad), defaults(ad), options(ad), spec.min(), spec.max(),
                    value));
        }
        return new ComponentConfigView(e.pid(), e.factoryPid(), name(e), e.ocd().getDescription(), props);
    }

    /**
     * Validates and applies new values; the audit entry names the old and new value of every
     * changed key.
     *
     * @return the component after the change
     * @throws ProblemException 400 (nothing changed) for bad values, 404 for an unknown PID
     */
    public ComponentConfigView update(Caller caller, String pid, Map<String, List<String>> values) {
        Entry e = find(pid);
        Map<String, MetatypeBounds.Bounds> bounds = bounds(e);
        Map<String, SettingSpec> specs = new LinkedHashMap<>();
        for (AttributeDefinition ad : attributes(e.ocd())) {
            specs.put(ad.getID(), spec(ad, bounds));
        }
        Map<String, Object> valid = ConfigValidator.validate(specs, values);
        try {
            Configuration c = configuration(e);
            Dictionary<String, Object> props = c.getProperties();
            Hashtable<String, Object> next = new Hashtable<>();
            if (props != null) {
                for (String k : Collections.list(props.keys())) {
                    next.put(k, props.get(k));
                }
            }
            Map<String, Object> before = new LinkedHashMap<>();
            Map<String, Object> after = new LinkedHashMap<>();
            valid.forEach((k, v) -> {
                Object old = next.get(k);
                if (!sameValue(old, v)) {
                    before.put(k, display(old, specs.get(k)));
                    after.put(k, display(v, specs.get(k)));
                }
                next.put(k, v);
            });
            if (!after.isEmpty()) {
                c.update(next);
                auditor.record(caller.username(), "config.update", pid, before, after, caller.source());
            }
        } catch (IOException ex) {
            throw ProblemException.unavailable("the configuration could not be stored: " + ex.getMessage());
        }
        return describe(pid);
    }

    private List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn == null || !bsn.startsWith(BULWARK_PREFIX) || b.getState() != Bundle.ACTIVE) {
                continue;
            }
            MetaTypeInformation mti = metaType.getMetaTypeInformation(b);
            if (mti == null) {
                continue;
            }
            for (String pid : sorted(mti.getPids())) {
                out.add(new Entry(pid, null, mti.getObjectClassDefinition(pid, null), b));
            }
            for (String factoryPid : sorted(mti.getFactoryPids())) {
                ObjectClassDefinition ocd = mti.getObjectClassDefinition(factoryPid, null);
                for (Configuration c : factoryConfigurations(factoryPid)) {
                    out.add(new Entry(c.getPid(), factoryPid, ocd, b));
                }
            }
        }
        return out;
    }

    private Entry find(String pid) {
        return entries().stream().filter(e -> e.pid().equals(pid)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("no configurable component " + pid));
    }

    private static List<String> sorted(String[] pids) {
        List<String> l = pids == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(pids));
        Collections.sort(l);
        return l;
    }

    private List<Configuration> factoryConfigurations(String factoryPid) {
        try {
            Configuration[] cs = configAdmin.listConfigurations("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "="
                    + factoryPid + ")");
            List<Configuration> l = cs == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(cs));
            l.sort((a, b) -> a.getPid().compareTo(b.getPid()));
            return l;
        } catch (IOException | InvalidSyntaxException e) {
            return List.of();
        }
    }

    private Optional<Configuration> existing(String pid) {
        try {
            Configuration[] cs = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            return cs == null || cs.length == 0 ? Optional.empty() : Optional.of(cs[0]);
        } catch (IOException | InvalidSyntaxException e) {
            return Optional.empty();
        }
    }

    private Configuration configuration(Entry e) throws IOException {
        Optional<Configuration> c = existing(e.pid());
        if (c.isPresent()) {
            return c.get();
        }
        if (e.factoryPid() != null) {
            throw ProblemException.notFound("factory configuration " + e.pid() + " is gone");
        }
        return configAdmin.getConfiguration(e.pid(), "?");
    }

    private Dictionary<String, Object> properties(String pid) {
        return existing(pid).map(Configuration::getProperties).orElse(null);
    }

    private String name(Entry e) {
        if (e.factoryPid() == null) {
            return e.ocd().getName();
        }
        String suffix = e.pid().startsWith(e.factoryPid() + "~") ? e.pid().substring(e.factoryPid().length() + 1)
                : e.pid().substring(e.factoryPid().length()).replaceFirst("^\\.", "");
        return e.ocd().getName() + " (" + suffix + ")";
    }

    private Map<String, MetatypeBounds.Bounds> bounds(Entry e) {
        return MetatypeBounds.of(e.bundle()).getOrDefault(e.ocd().getID(), Map.of());
    }

    private static AttributeDefinition[] attributes(ObjectClassDefinition ocd) {
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        return ads == null ? new AttributeDefinition[0] : ads;
    }

    private static boolean isRequired(ObjectClassDefinition ocd, AttributeDefinition ad) {
        AttributeDefinition[] required = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        return required != null && Arrays.stream(required).anyMatch(r -> r.getID().equals(ad.getID()));
    }

    private static SettingSpec spec(AttributeDefinition ad, Map<String, MetatypeBounds.Bounds> bounds) {
        MetatypeBounds.Bounds b = bounds.get(ad.getID());
        String[] options = ad.getOptionValues();
        return new SettingSpec(ad.getID(), ad.getType(), ad.getCardinality(),
                options == null ? null : List.of(options), b == null ? null : b.min(), b == null ? null : b.max());
    }

    private static List<String> defaults(AttributeDefinition ad) {
        String[] d = ad.getDefaultValue();
        return d == null ? List.of() : List.of(d);
    }

    private static List<PropertyView.Option> options(AttributeDefinition ad) {
        String[] values = ad.getOptionValues();
        String[] labels = ad.getOptionLabels();
        if (values == null || values.length == 0) {
            return null;
        }
        List<PropertyView.Option> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new PropertyView.Option(labels != null && i < labels.length ? labels[i] : values[i], values[i]));
        }
        return out;
    }

    private static List<String> asStrings(Object v, AttributeDefinition ad) {
        if (v == null) {
            return defaults(ad);
        }
        if (v.getClass().isArray()) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                out.add(String.valueOf(Array.get(v, i)));
            }
            return out;
        }
        if (v instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        String s = String.valueOf(v);
        // Karaf .cfg files hold lists as comma-separated strings.
        if (ad.getCardinality() != 0) {
            return s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).toList();
        }
        return List.of(s);
    }

    private static boolean sameValue(Object old, Object next) {
        if (old == null) {
            return false;
        }
        if (old.getClass().isArray() && next instanceof String[] arr) {
            List<String> a = new ArrayList<>();
            for (int i = 0; i < Array.getLength(old); i++) {
                a.add(String.valueOf(Array.get(old, i)));
            }
            return a.equals(List.of(arr));
        }
        return String.valueOf(old).equals(next instanceof String[] arr ? String.join(",", arr) : String.valueOf(next));
    }

    private static Object display(Object v, SettingSpec spec) {
        if (spec != null && spec.type() == AttributeDefinition.PASSWORD) {
            return "***";
        }
        if (v != null && v.getClass().isArray()) {
            List<String> l = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                l.add(String.valueOf(Array.get(v, i)));
            }
            return l;
        }
        return v == null ? null : String.valueOf(v);
    }
}
