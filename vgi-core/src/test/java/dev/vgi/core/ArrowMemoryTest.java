package dev.vgi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that get a fresh Arrow allocator per test and fail when a test leaks from it. */
public abstract class ArrowMemoryTest {

    /** The test's allocator. */
    protected BufferAllocator allocator;

    @BeforeEach
    protected void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterEach
    protected void closeAllocator() {
        assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
        allocator.close();
    }
}
