package graph

import "golang.org/x/sys/unix"

// unreadBytes is how many bytes wait in socket fd's receive queue.
func unreadBytes(fd int) int {
	n, err := unix.IoctlGetInt(fd, unix.TIOCINQ)
	if err != nil {
		return 0
	}
	return n
}
