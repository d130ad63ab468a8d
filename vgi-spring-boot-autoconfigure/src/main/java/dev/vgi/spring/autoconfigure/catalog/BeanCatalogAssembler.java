package dev.vgi.spring.autoconfigure.catalog;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.type.MethodMetadata;
import org.springframework.util.ClassUtils;

import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.catalog.CatalogSchema;
import dev.vgi.core.catalog.TableDefinition;
import dev.vgi.core.catalog.ViewDefinition;
import dev.vgi.core.function.VgiFunction;

/**
 * Assembles the catalog served from beans: every {@link VgiFunction}, {@link TableDefinition} and
 * {@link ViewDefinition} bean, in bean order ({@link org.springframework.core.Ordered},
 * {@link org.springframework.core.annotation.Order @Order} on the class or the {@code @Bean}
 * method), placed by {@link VgiSchema} (default schema otherwise), then customized.
 */
final class BeanCatalogAssembler {

    private final ConfigurableListableBeanFactory beanFactory;
    private final Map<Object, String> origins = new IdentityHashMap<>();

    BeanCatalogAssembler(ConfigurableListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /** Where each bean-made function, table and view comes from, for messages. */
    String origin(Object item) {
        return origins.get(item);
    }

    /**
     * Assembles the catalog.
     *
     * @throws InvalidVgiCatalogException when the beans cannot be served as declared
     */
    Catalog assemble(String name, String defaultSchema, String comment, List<VgiCatalogCustomizer> customizers) {
        List<Bean<VgiFunction>> functions = beans(VgiFunction.class);
        List<Bean<TableDefinition>> tables = beans(TableDefinition.class);
        List<Bean<ViewDefinition>> views = beans(ViewDefinition.class);

        Map<String, Placed> schemas = new LinkedHashMap<>();
        schemas.put(key(defaultSchema), new Placed(defaultSchema));
        for (Bean<VgiFunction> b : functions) {
            placed(schemas, b, defaultSchema).functions.add(b.instance);
        }
        for (Bean<TableDefinition> b : tables) {
            placed(schemas, b, defaultSchema).tables.add(b.instance);
        }
        for (Bean<ViewDefinition> b : views) {
            placed(schemas, b, defaultSchema).views.add(b.instance);
        }

        CatalogChecks checks = new CatalogChecks(this::origin);
        for (Placed p : schemas.values()) {
            checks.schema(name, List.of(p.name), p.functions, p.tables, p.views);
        }
        checks.throwIfInvalid();

        Catalog.Builder catalog = Catalog.builder(name).defaultSchema(defaultSchema);
        if (comment != null && !comment.isBlank()) {
            catalog.comment(comment);
        }
        for (Placed p : schemas.values()) {
            CatalogSchema.Builder schema = CatalogSchema.builder(p.name);
            p.functions.forEach(schema::function);
            p.tables.forEach(schema::table);
            p.views.forEach(schema::view);
            for (VgiCatalogCustomizer c : customizers) {
                c.customizeSchema(List.of(p.name), schema);
            }
            catalog.schema(schema.build());
        }
        for (VgiCatalogCustomizer c : customizers) {
            c.customize(catalog);
        }
        Catalog built = catalog.build();
        // what the customizers added, with the beans' origins at hand
        CatalogChecks after = new CatalogChecks(this::origin);
        after.catalog(built, new LinkedHashMap<>(), "the catalog assembled from beans");
        after.throwIfInvalid();
        return built;
    }

    private Placed placed(Map<String, Placed> schemas, Bean<?> bean, String defaultSchema) {
        String schema = schemaOf(bean.name, bean.instance);
        if (schema == null) {
            schema = defaultSchema;
        } else if (schema.isBlank()) {
            throw new InvalidVgiCatalogException(List.of(new InvalidVgiCatalogException.Problem(
                    "@VgiSchema names no schema on " + origins.get(bean.instance) + ".",
                    "Write the schema name into @VgiSchema(\"...\"), or remove the annotation to use the default schema.")));
        }
        String s = schema;
        return schemas.computeIfAbsent(key(s), k -> new Placed(s));
    }

    private static String key(String schema) {
        return schema.toLowerCase(Locale.ROOT);
    }

    /** The beans of {@code type}, ordered, each with its name and origin recorded. */
    private <T> List<Bean<T>> beans(Class<T> type) {
        Map<Object, String> names = new IdentityHashMap<>();
        List<Object> instances = new ArrayList<>();
        for (String name : beanFactory.getBeanNamesForType(type)) {
            if (ScopedProxyUtils.isScopedTarget(name)) {
                // the target behind a scoped proxy: its proxy is the bean to serve
                continue;
            }
            T bean = beanFactory.getBean(name, type);
            if (names.putIfAbsent(bean, name) == null) {
                instances.add(bean);
                origins.putIfAbsent(bean, describe(name));
            }
        }
        instances.sort(AnnotationAwareOrderComparator.INSTANCE.withSourceProvider(o -> orderSources(names.get(o), o)));
        List<Bean<T>> out = new ArrayList<>();
        for (Object o : instances) {
            out.add(new Bean<>(names.get(o), type.cast(o)));
        }
        return out;
    }

    /** Like the bean factory's own ordered streams: the {@code @Bean} method, then the target type. */
    private Object orderSources(String beanName, Object bean) {
        if (beanName == null || !beanFactory.containsBeanDefinition(beanName)) {
            return null;
        }
        List<Object> sources = new ArrayList<>(2);
        Method factoryMethod = factoryMethod(beanName);
        if (factoryMethod != null) {
            sources.add(factoryMethod);
        }
        Class<?> target = AopUtils.getTargetClass(bean);
        if (target != bean.getClass()) {
            sources.add(target);
        }
        return sources.isEmpty() ? null : sources.toArray();
    }

    /**
     * The schema named by {@link VgiSchema} for a bean: on its {@code @Bean} method first, then on
     * its class (the proxy's target class for proxied beans), then whatever the bean factory finds.
     */
    String schemaOf(String beanName, Object bean) {
        String fromDefinition = definitionSchema(beanName);
        if (fromDefinition == null) {
            // a scoped proxy's definition is synthetic: the target's carries the @Bean method
            fromDefinition = definitionSchema(ScopedProxyUtils.getTargetBeanName(beanName));
        }
        if (fromDefinition != null) {
            return fromDefinition;
        }
        VgiSchema onClass = AnnotatedElementUtils.findMergedAnnotation(ClassUtils.getUserClass(AopUtils.getTargetClass(bean)), VgiSchema.class);
        if (onClass != null) {
            return onClass.value();
        }
        try {
            VgiSchema found = beanFactory.findAnnotationOnBean(beanName, VgiSchema.class);
            return found == null ? null : found.value();
        } catch (NoSuchBeanDefinitionException e) {
            return null;
        }
    }

    /** {@link VgiSchema} on the {@code @Bean} method of {@code beanName}'s definition, or {@code null}. */
    private String definitionSchema(String beanName) {
        if (!beanFactory.containsBeanDefinition(beanName)) {
            return null;
        }
        BeanDefinition definition = beanFactory.getBeanDefinition(beanName);
        if (definition instanceof AnnotatedBeanDefinition annotated) {
            MethodMetadata method = annotated.getFactoryMethodMetadata();
            if (method != null) {
                MergedAnnotation<VgiSchema> a = method.getAnnotations().get(VgiSchema.class);
                if (a.isPresent()) {
                    return a.getString("value");
                }
            }
        }
        Method factoryMethod = factoryMethod(beanName);
        if (factoryMethod != null) {
            VgiSchema a = AnnotatedElementUtils.findMergedAnnotation(factoryMethod, VgiSchema.class);
            if (a != null) {
                return a.value();
            }
        }
        return null;
    }

    private Method factoryMethod(String beanName) {
        try {
            if (beanFactory.getMergedBeanDefinition(beanName) instanceof RootBeanDefinition root) {
                return root.getResolvedFactoryMethod();
            }
        } catch (NoSuchBeanDefinitionException e) {
            // a singleton registered without a definition
        }
        return null;
    }

    /** {@code bean 'greet' (@Bean method DemoApplication.greet())} or {@code bean 'numbers' (class com.example.Numbers)}. */
    private String describe(String beanName) {
        if (!beanFactory.containsBeanDefinition(beanName)) {
            return "bean '" + beanName + "'";
        }
        String target = ScopedProxyUtils.getTargetBeanName(beanName);
        String defined = beanFactory.containsBeanDefinition(target) ? target : beanName;
        BeanDefinition definition = beanFactory.getBeanDefinition(defined);
        if (definition instanceof AnnotatedBeanDefinition annotated && annotated.getFactoryMethodMetadata() != null) {
            MethodMetadata m = annotated.getFactoryMethodMetadata();
            return "bean '" + beanName + "' (@Bean method " + ClassUtils.getShortName(m.getDeclaringClassName()) + "."
                    + m.getMethodName() + "())";
        }
        Method factoryMethod = factoryMethod(defined);
        if (factoryMethod != null) {
            return "bean '" + beanName + "' (@Bean method " + factoryMethod.getDeclaringClass().getSimpleName() + "."
                    + factoryMethod.getName() + "())";
        }
        String className = definition.getBeanClassName();
        return className == null ? "bean '" + beanName + "'" : "bean '" + beanName + "' (class " + className + ")";
    }

    private record Bean<T>(String name, T instance) {
    }

    /** The beans placed in one schema, in bean order. */
    private static final class Placed {
        final String name;
        final List<VgiFunction> functions = new ArrayList<>();
        final List<TableDefinition> tables = new ArrayList<>();
        final List<ViewDefinition> views = new ArrayList<>();

        Placed(String name) {
            this.name = name;
        }
    }
}
