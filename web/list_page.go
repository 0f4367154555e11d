package web

import "github.com/gin-gonic/gin"

// mountListPages mounts the lists of each kind of record.
func (s *Server) mountListPages(e *gin.Engine) {}
