package dev.vgi.spring.autoconfigure.catalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.worker.VgiWorker;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;
import dev.vgi.spring.autoconfigure.VgiProperties;

/**
 * Serves the catalogs as the VGI protocol: a {@link VgiWorker} over every {@link Catalog} bean (the
 * one assembled from beans first, so it is the default for calls made without attaching, then the
 * application's own in bean order), exposed as an {@link RpcService} bean that the
 * {@link dev.vgi.core.rpc.RpcServer} hosts, ahead of other services. Before it is built every
 * catalog is checked ({@link InvalidVgiCatalogException}).
 *
 * <p>A {@link VgiWorker} bean of the application's replaces the one built here (and is served); an
 * {@link RpcService} bean named {@value #SERVICE_BEAN} replaces the service.
 */
@AutoConfiguration(after = VgiCatalogAutoConfiguration.class, before = VgiAutoConfiguration.class)
@EnableConfigurationProperties(VgiProperties.class)
public final class VgiProtocolAutoConfiguration {

    /** The name of the {@code vgi.v2} service bean. */
    public static final String SERVICE_BEAN = "vgiWorkerService";

    /**
     * The worker over the catalog beans. Member configurations are processed in {@code @Order}:
     * the worker's bean definition must exist when the service's condition is evaluated.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(Catalog.class)
    @Order(1)
    static class WorkerConfiguration {

        @Bean(destroyMethod = "releaseWaitingProcessors")
        @ConditionalOnMissingBean
        VgiWorker vgiWorker(ConfigurableListableBeanFactory beanFactory, ObjectProvider<Catalog> catalogs,
                VgiProperties properties, Environment environment) {
            List<Catalog> served = served(beanFactory, catalogs);
            VgiWorker.Builder builder = VgiWorker.builder();
            served.forEach(builder::catalog);
            VgiProperties.Worker settings = properties.getWorker();
            if (settings.getAttachKey() != null && !settings.getAttachKey().isEmpty()) {
                builder.attachKey(settings.getAttachKey().getBytes(StandardCharsets.UTF_8));
            }
            if (settings.getFinalizeTimeout() != null) {
                builder.finalizeTimeout(settings.getFinalizeTimeout());
            }
            String version = settings.getImplementationVersion();
            if (version == null || version.isBlank()) {
                version = environment.getProperty("spring.application.version");
            }
            if (version != null && !version.isBlank()) {
                builder.implementationVersion(version);
            }
            if (settings.getSourceUrl() != null && !settings.getSourceUrl().isBlank()) {
                builder.sourceUrl(settings.getSourceUrl());
            }
            return builder.build();
        }

        /** The catalogs, checked: the one from beans first, then the others in bean order. */
        static List<Catalog> served(ConfigurableListableBeanFactory beanFactory, ObjectProvider<Catalog> catalogs) {
            Map<Catalog, String> names = new java.util.IdentityHashMap<>();
            for (String name : beanFactory.getBeanNamesForType(Catalog.class)) {
                names.put(beanFactory.getBean(name, Catalog.class), name);
            }
            List<Catalog> ordered = new ArrayList<>(catalogs.orderedStream().toList());
            ordered.sort((a, b) -> Boolean.compare(!VgiCatalogAutoConfiguration.CATALOG_BEAN.equals(names.get(a)),
                    !VgiCatalogAutoConfiguration.CATALOG_BEAN.equals(names.get(b))));
            Map<String, String> seen = new LinkedHashMap<>();
            for (Catalog c : ordered) {
                String bean = names.get(c);
                String origin = VgiCatalogAutoConfiguration.CATALOG_BEAN.equals(bean) ? "the catalog assembled from beans"
                        : bean == null ? "a Catalog bean" : "Catalog bean '" + bean + "'";
                CatalogChecks checks = new CatalogChecks(item -> VgiCatalogAutoConfiguration.CATALOG_BEAN.equals(bean) ? null
                        : "in " + origin);
                checks.catalog(c, seen, origin);
                checks.throwIfInvalid();
            }
            return ordered;
        }
    }

    /** The {@code vgi.v2} service of the worker, hosted first. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(VgiWorker.class)
    @Order(2)
    static class ServiceConfiguration {

        @Bean(SERVICE_BEAN)
        @ConditionalOnMissingBean(name = SERVICE_BEAN)
        @Order(0)
        RpcService vgiWorkerService(VgiWorker worker) {
            return worker.service();
        }
    }
}
